/**
 * Countries by their common English name, with the adjectives that name their people
 * ("Syrian" → Syria). English-language data, like the role nouns of language/words.ts: it lets a fact keep
 * the place its sentence names only as an adjective ("Syrian President …") and resolve "the two
 * countries". Drawn from the ISO 3166 names (i18n-iso-countries) and their nationality words
 * (i18n-nationality), both MIT, trimmed to sovereign states and hand-corrected where those lists use
 * the formal name ("Syrian Arab Republic") or a wrong word ("Welsh" for Wallis and Futuna).
 * Format: `Name|demonym|other name…` per line.
 */
const TABLE = `Afghanistan|Afghan
Albania|Albanian
Algeria|Algerian
Andorra|Andorran
Angola|Angolan
Argentina|Argentine|Argentinean
Armenia|Armenian
Australia|Australian
Austria|Austrian
Azerbaijan|Azerbaijani
Bahamas|Bahamian
Bahrain|Bahraini
Bangladesh|Bangladeshi
Barbados|Barbadian
Belarus|Belarusian
Belgium|Belgian
Belize|Belizean
Benin|Beninese
Bhutan|Bhutanese
Bolivia|Bolivian
Bosnia and Herzegovina|Bosnian
Botswana|Botswanan
Brazil|Brazilian
Brunei|Bruneian
Bulgaria|Bulgarian
Burkina Faso|Burkinabe
Burundi|Burundian
Cambodia|Cambodian
Cameroon|Cameroonian
Canada|Canadian
Cape Verde|Cape Verdean
Chad|Chadian
Chile|Chilean
China|Chinese
Colombia|Colombian
Comoros|Comoran
Costa Rica|Costa Rican
Croatia|Croatian
Cuba|Cuban
Cyprus|Cypriot
Czechia|Czech|Czech Republic
Denmark|Danish
Djibouti|Djiboutian
Dominican Republic|Dominican
Ecuador|Ecuadorian|Ecuadorean
Egypt|Egyptian
El Salvador|Salvadoran
Equatorial Guinea|Equatorial Guinean
Eritrea|Eritrean
Estonia|Estonian
Eswatini|Swazi|Swaziland
Ethiopia|Ethiopian
Fiji|Fijian
Finland|Finnish
France|French
Gabon|Gabonese
Gambia|Gambian
Georgia|Georgian
Germany|German
Ghana|Ghanaian
Greece|Greek
Grenada|Grenadian
Guatemala|Guatemalan
Guinea|Guinean
Guyana|Guyanese
Haiti|Haitian
Honduras|Honduran
Hungary|Hungarian
Iceland|Icelandic
India|Indian
Indonesia|Indonesian
Iran|Iranian
Iraq|Iraqi
Ireland|Irish
Israel|Israeli
Italy|Italian
Ivory Coast|Ivorian|Côte d’Ivoire
Jamaica|Jamaican
Japan|Japanese
Jordan|Jordanian
Kazakhstan|Kazakh|Kazakhstani
Kenya|Kenyan
Kosovo|Kosovar
Kuwait|Kuwaiti
Kyrgyzstan|Kyrgyz
Laos|Laotian|Lao
Latvia|Latvian
Lebanon|Lebanese
Lesotho|Basotho
Liberia|Liberian
Libya|Libyan
Liechtenstein|Liechtensteiner
Lithuania|Lithuanian
Luxembourg|Luxembourgish|Luxembourger
Madagascar|Malagasy
Malawi|Malawian
Malaysia|Malaysian
Maldives|Maldivian
Mali|Malian
Malta|Maltese
Mauritania|Mauritanian
Mauritius|Mauritian
Mexico|Mexican
Moldova|Moldovan
Monaco|Monegasque
Mongolia|Mongolian
Montenegro|Montenegrin
Morocco|Moroccan
Mozambique|Mozambican
Myanmar|Burmese|Burma
Namibia|Namibian
Nepal|Nepalese|Nepali
Netherlands|Dutch|Holland
New Zealand|New Zealander
Nicaragua|Nicaraguan
Niger|Nigerien
Nigeria|Nigerian
North Korea|North Korean
North Macedonia|Macedonian
Norway|Norwegian
Oman|Omani
Pakistan|Pakistani
Palestine|Palestinian
Panama|Panamanian
Papua New Guinea|Papua New Guinean
Paraguay|Paraguayan
Peru|Peruvian
Philippines|Filipino|Philippine
Poland|Polish
Portugal|Portuguese
Qatar|Qatari
Romania|Romanian
Russia|Russian
Rwanda|Rwandan
Saudi Arabia|Saudi
Senegal|Senegalese
Serbia|Serbian
Sierra Leone|Sierra Leonean
Singapore|Singaporean
Slovakia|Slovak|Slovakian
Slovenia|Slovenian|Slovene
Somalia|Somali
South Africa|South African
South Korea|South Korean
South Sudan|South Sudanese
Spain|Spanish
Sri Lanka|Sri Lankan
Sudan|Sudanese
Sweden|Swedish
Switzerland|Swiss
Syria|Syrian
Taiwan|Taiwanese
Tajikistan|Tajik
Tanzania|Tanzanian
Thailand|Thai
Togo|Togolese
Tunisia|Tunisian
Turkey|Turkish|Türkiye
Turkmenistan|Turkmen
Uganda|Ugandan
Ukraine|Ukrainian
United Arab Emirates|Emirati|UAE
United Kingdom|British|Britain|UK|U.K.
United States|American|U.S.|US|USA|America
Uruguay|Uruguayan
Uzbekistan|Uzbek
Venezuela|Venezuelan
Vietnam|Vietnamese
Yemen|Yemeni
Zambia|Zambian
Zimbabwe|Zimbabwean`;

interface Place {
  name: string;
  demonym: string;
}

let byWord: Map<string, Place> | undefined;
let pattern: RegExp | undefined;

function table(): Map<string, Place> {
  if (byWord) return byWord;
  byWord = new Map();
  for (const line of TABLE.split('\n')) {
    const [name = '', demonym = '', ...others] = line.split('|');
    const place = { name, demonym };
    for (const w of [name, demonym, ...others]) byWord.set(w, place);
  }
  return byWord;
}

/** One regular expression over every name and demonym, longest first so "South Korea" beats "Korea". */
function placePattern(): RegExp {
  if (pattern) return pattern;
  const words = [...table().keys()].sort((a, b) => b.length - a.length);
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  // a hyphen joins a name into a word of its own ("US-ASCII", "Iran-designed")
  pattern = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${escaped.join('|')})(?![\\p{L}\\p{N}-])`, 'gu');
  return pattern;
}

/** A country named in a text, as the text wrote it and by its common name. */
export interface PlaceMention {
  /** The country's common name ("Syria"). */
  name: string;
  /** As written ("Syrian"). */
  written: string;
  /** Written as the adjective of its people ("Syrian", "Iranian"). */
  adjective: boolean;
  start: number;
  end: number;
}

/**
 * Countries a text names, by name or by the adjective of its people, in text order. Case
 * matters: "us" and "turkey" in lower case are ordinary words.
 *
 * @example placesIn('Syrian President Assad met Iran’s envoy').map((p) => p.name) // ['Syria', 'Iran']
 */
export function placesIn(text: string): PlaceMention[] {
  const out: PlaceMention[] = [];
  const places = table();
  for (const m of text.matchAll(placePattern())) {
    const place = places.get(m[0]);
    if (!place || m.index === undefined) continue;
    out.push({
      name: place.name,
      written: m[0],
      adjective: m[0] === place.demonym,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}
