export type FactKind = 'date' | 'figure' | 'actor' | 'definition';
export type DatePrecision = 'year' | 'season' | 'month' | 'day';

/**
 * A normalised date. `sortKey` sorts lexically in time order: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`;
 * seasons map to the month they start in (spring 03, summer 06, fall 09, winter 12) with precision
 * 'season'. `text` is the date as the document wrote it ("the fall of 2022").
 */
export interface FactDate {
  sortKey: string;
  precision: DatePrecision;
  text: string;
}

/**
 * A short structured fact, always traceable: `quote` appears verbatim in the paragraph `paragraphId`.
 * - date: subject = what happened, value = the date text
 * - figure: subject = what is counted ("short range ballistic missiles"), value = the amount ("several hundred")
 * - actor: subject = the person ("Masoud Pezeshkian"), value = the role ("President")
 * - definition: subject = the term or acronym ("SRBM"), value = its expansion or definition
 */
export interface Fact {
  /** Stable id, e.g. `going-ballistic#p1:figure:0`. */
  id: string;
  kind: FactKind;
  subject: string;
  value: string;
  date: FactDate | null;
  quote: string;
  paragraphId: string;
  origin: 'extracted' | 'curated';
}
