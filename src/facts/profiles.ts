import type { Fact } from './types.ts';

/** One person with every role and mention the corpus gives. */
export interface ActorProfile {
  /** The fullest form of the name found ("Joe Biden" over "Biden"). */
  name: string;
  /** Roles in order of first mention ("President", "Supreme Leader"). */
  roles: string[];
  /** Every actor fact for the person, in store order; the first is the one to cite. */
  mentions: Fact[];
}

/**
 * One profile per person: a bare surname joins the one fuller name ending with it, and a
 * profile's roles are its mentions' roles in order of first mention.
 */
export function groupActors(actors: readonly Fact[]): ActorProfile[] {
  const profiles: ActorProfile[] = [];
  const byKey = new Map<string, ActorProfile>();
  const nameKey = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/u)
      .filter((w) => w !== '')
      .join(' ');
  // full names first, so "Biden" can join "Joe Biden" whichever is mentioned first
  const ordered = [...actors].sort(
    (a, b) => nameKey(b.subject).split(' ').length - nameKey(a.subject).split(' ').length,
  );
  for (const f of ordered) {
    const key = nameKey(f.subject);
    let p = byKey.get(key);
    if (!p) {
      const candidates = profiles.filter((q) => nameKey(q.name).endsWith(` ${key}`));
      p = candidates.length === 1 ? candidates[0] : undefined;
    }
    if (!p) {
      p = { name: f.subject, roles: [], mentions: [] };
      profiles.push(p);
    }
    byKey.set(key, p);
    p.mentions.push(f);
  }
  const order = new Map(actors.map((f, i) => [f, i]));
  for (const p of profiles) {
    p.mentions.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    p.roles = [...new Set(p.mentions.map((m) => m.value))];
  }
  const firstMention = (p: ActorProfile) => {
    const m = p.mentions[0];
    return m ? (order.get(m) ?? 0) : 0;
  };
  return profiles.sort((a, b) => firstMention(a) - firstMention(b));
}
