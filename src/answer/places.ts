import { continents, countries } from 'countries-list';

/** What kind of place a gazetteer name is. */
export type PlaceKind = 'country' | 'city' | 'continent';

let known: ReadonlyMap<string, PlaceKind> | undefined;

/**
 * Whether a name is a country, a country's capital or a continent in English (the
 * countries-list package's gazetteer), so "Ukraine" and "Tehran" read as places even without
 * "in" before them; null for any other name. Lower-case comparison; built once.
 *
 * @example knownPlace('Ukraine') // 'country'
 * @example knownPlace('Masoud Pezeshkian') // null
 */
export function knownPlace(name: string): PlaceKind | null {
  if (!known) {
    const names = new Map<string, PlaceKind>();
    for (const c of Object.values(countries))
      if (c.capital) names.set(c.capital.toLowerCase(), 'city');
    for (const n of Object.values(continents)) names.set(n.toLowerCase(), 'continent');
    for (const c of Object.values(countries)) {
      names.set(c.name.toLowerCase(), 'country');
      for (const a of c.alias ?? []) names.set(a.toLowerCase(), 'country');
    }
    known = names;
  }
  return known.get(name.toLowerCase()) ?? null;
}
