/**
 * What the fit drivers share: the --drop check, the progress log and writing the fitted model.
 */
import { writeFile } from 'node:fs/promises';
import { modelFile } from '../search/model.ts';

/** The features --drop names, or the error naming those the model does not have. */
export function heldOut<F extends string>(
  drop: readonly string[] | undefined,
  features: readonly F[],
  model: string,
): F[] | null {
  const unknown = (drop ?? []).filter((f) => !(features as readonly string[]).includes(f));
  if (unknown.length === 0) return (drop ?? []) as F[];
  console.error(
    `fit: --drop ${unknown.join(', ')}: not a ${model} feature; the features are ${features.join(', ')}`,
  );
  return null;
}

/** Progress and results go to stderr, the cross-validated scores alone to stdout. */
export const log = (s: string) => console.error(`fit: ${s}`);

/** Writes a fitted model file and reports it: where, how long the fit took, its scores. */
export async function writeModel(
  model: Parameters<typeof modelFile>[0],
  out: string,
  started: number,
): Promise<0> {
  await writeFile(out, `${JSON.stringify(modelFile(model), null, 1)}\n`);
  log(`wrote ${out} in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(JSON.stringify(model.provenance.crossValidated));
  return 0;
}
