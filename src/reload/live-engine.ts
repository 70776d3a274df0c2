import type { Engine, EngineSource } from '../answer/engine.ts';

/**
 * The engine being served, swapped whole by a reload. Readers take `current()` once per
 * interaction (or daily post) and keep that engine to the end, so a swap never shows a reply a
 * mix of two indexes; the old engine is garbage once its last reader is done.
 *
 * @example const live = new LiveEngine(await loadEngine(opts)); live.swap(next); live.current()
 */
export class LiveEngine implements EngineSource {
  #engine: Engine;
  #loadedAt: Date;
  #generation = 1;

  constructor(engine: Engine, loadedAt: Date = new Date()) {
    this.#engine = engine;
    this.#loadedAt = loadedAt;
  }

  current(): Engine {
    return this.#engine;
  }

  /** When the engine being served was loaded. */
  get loadedAt(): Date {
    return this.#loadedAt;
  }

  /** 1 for the engine loaded at start, one more for each swap. */
  get generation(): number {
    return this.#generation;
  }

  swap(engine: Engine, loadedAt: Date = new Date()): void {
    this.#engine = engine;
    this.#loadedAt = loadedAt;
    this.#generation++;
  }
}
