// The part of the WebAssembly global that src/semantics/dot-kernel.ts uses. Node has it at run
// time, but its types live in lib.dom, which this project does not load (and @types/node 20 does
// not declare them).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, unknown>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    private constructor();
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  function validate(bytes: Uint8Array): boolean;
}
