/**
 * The discourse markers people put in front of (or after) a follow-up: a correction ("no, I
 * meant…", "not the drones, the missiles", "…instead"), a narrowing ("only…", "…only") and a
 * continuation ("and…", "what about…"). No tagger names them; they are closed classes of English.
 */

// Discourse markers, at the start of a turn. A correction: "no, …", "sorry, I meant …".
const CORRECTION =
  /^(?:(?:no|nope|nah|sorry|oops|actually|wait|rather)(?:[,.!:;]+\s*|\s+[\u2013\u2014-]\s*|\s+))*(?:i\s+(?:meant|mean|was\s+asking\s+about|wanted\s+to\s+know\s+about|wanted\s+to\s+know|want\s+to\s+know)\b[\s,:]*)|^(?:no|nope|nah|sorry|oops)(?:[,.!:;]+\s*|\s+[\u2013\u2014-]\s*)/iu;
// "not the drones, the missiles", "not the drones but the missiles"
const NOT_BUT = /^not\s+[^,]+?(?:,\s*(?:but\s+)?|\s+but\s+)(.+)$/iu;
// "…the missiles instead", "…rather the missiles"
const CORRECTION_TAIL = /[\s,]+(?:instead|rather)\s*[?.!]*$/iu;
// A narrowing: "only in 2023", "just the drones", "specifically for Europe".
const NARROWING =
  /^(?:(?:and|but)\s+)?(?:only|just|specifically|particularly|especially|exclusively|in\s+particular)\b[\s,:]*/iu;
const NARROWING_TAIL = /\s+only\s*[?.!]*$/iu;
// A continuation: "and the drones?", "what about the missiles?", "also, when?"
export const CONTINUATION =
  /^(?:(?:and|also|plus|but|so|then|ok|okay)\b[\s,:]*)*(?:(?:what|how)\s+about|as\s+for|and|also|plus|but)\b[\s,:]*/iu;

/** The turn without its correction marker, or null when it is not a correction. */
export function stripCorrection(text: string): string | null {
  const head = CORRECTION.exec(text);
  if (head && head[0].length > 0 && head[0].length < text.length) {
    const content = text.slice(head[0].length).trim();
    // "no, what about the missiles?"
    const continued = CONTINUATION.exec(content);
    return continued && continued[0].length < content.length
      ? content.slice(continued[0].length).trim()
      : content;
  }
  const not = NOT_BUT.exec(text);
  if (not?.[1]) return not[1].trim();
  const tail = CORRECTION_TAIL.exec(text);
  if (tail && tail.index > 0) return text.slice(0, tail.index).trim();
  return null;
}

export function stripNarrowing(text: string): string | null {
  const head = NARROWING.exec(text);
  if (head && head[0].length < text.length) return text.slice(head[0].length).trim();
  const tail = NARROWING_TAIL.exec(text);
  if (tail && tail.index > 0) return text.slice(0, tail.index).trim();
  return null;
}
