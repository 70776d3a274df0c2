declare module 'wink-bm25-text-search' {
  interface BM25Engine {
    defineConfig(config: {
      fldWeights: Record<string, number>;
      bm25Params?: Record<string, number>;
    }): boolean;
    definePrepTasks(tasks: ((input: never) => unknown)[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string | number): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): [string, number][];
  }
  export default function bm25(): BM25Engine;
}
declare module 'wink-nlp-utils' {
  const utils: {
    string: Record<string, (input: never) => unknown>;
    tokens: Record<string, (input: never) => unknown>;
  };
  export default utils;
}
