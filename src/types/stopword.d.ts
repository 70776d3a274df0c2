declare module 'stopword' {
  /** The English stopword list. */
  export const eng: string[];
}
