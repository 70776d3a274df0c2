/**
 * What Slack would refuse, or what would ping or misrender, in a message payload: the Block Kit
 * limits, the fallback text, and escaping (`&`, `<`, `>` as entities outside our own links, so no
 * `<!channel>` or `<@U…>` can appear). Returns one line per problem; none means the payload is fine.
 */

/** Ours: everything a message carries stays under this (Slack refuses some far below 40,000). */
export const MESSAGE_TOTAL = 12_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Our links: <http(s)://address> or <http(s)://address|label>, the address without spaces or <>|.
const LINK = /<https?:\/\/[^\s<>|]+(?:\|[^<>]*)?>/gu;
const BAD_ENTITY = /&(?!amp;|lt;|gt;)/u;
const USER_GROUP_PING = /<!subteam\^S[A-Z0-9]+>/gu;

/** Escaping problems in one mrkdwn text (quotes may start a line with ">"). */
export function mrkdwnProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  // A user-group ping is the one mention the bot makes ("Ask a human"); tests assert who it names.
  const withoutLinks = text.replace(LINK, '').replace(USER_GROUP_PING, '');
  if (withoutLinks.includes('<'))
    problems.push(`${where}: unescaped "<" (${excerpt(withoutLinks, '<')})`);
  const withoutQuotes = withoutLinks.replace(/^>/gmu, '');
  if (withoutQuotes.includes('>'))
    problems.push(`${where}: unescaped ">" (${excerpt(withoutQuotes, '>')})`);
  if (BAD_ENTITY.test(text)) problems.push(`${where}: unescaped "&" (${excerpt(text, '&')})`);
  if (/<[!@#]/u.test(text.replace(USER_GROUP_PING, '')))
    problems.push(`${where}: a live mention or channel link`);
  return problems;
}

/** Escaping problems in a plain_text field (no markup at all). */
function plainProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  if (/[<>]/u.test(text)) problems.push(`${where}: unescaped "<" or ">" in plain text`);
  if (BAD_ENTITY.test(text)) problems.push(`${where}: unescaped "&" in plain text`);
  return problems;
}

function excerpt(text: string, c: string): string {
  const at = text.indexOf(c);
  return JSON.stringify(text.slice(Math.max(0, at - 20), at + 20));
}

function textObject(
  value: unknown,
  where: string,
  max: number,
  kinds: string[],
): [number, string[]] {
  if (!isObj(value) || typeof value.text !== 'string' || !kinds.includes(String(value.type)))
    return [0, [`${where}: not a ${kinds.join('/')} text object`]];
  const text = value.text;
  const problems: string[] = [];
  if (text.length === 0) problems.push(`${where}: empty text`);
  if (text.length > max) problems.push(`${where}: ${text.length} characters > ${max}`);
  if (!text.isWellFormed()) problems.push(`${where}: lone surrogate`);
  problems.push(
    ...(value.type === 'plain_text' ? plainProblems(text, where) : mrkdwnProblems(text, where)),
  );
  return [text.length, problems];
}

/**
 * Problems in a message payload (chat.postMessage, chat.postEphemeral, chat.update or a
 * response_url post).
 * @example expect(validateMessage(body)).toEqual([]);
 */
export function validateMessage(payload: Obj): string[] {
  const problems: string[] = [];
  if (
    payload.link_names !== undefined &&
    payload.link_names !== false &&
    payload.link_names !== 'false'
  )
    problems.push('link_names is set');
  if (payload.parse === 'full') problems.push('parse is full');
  let total = 0;
  const text = payload.text;
  if (typeof text !== 'string' || text.trim() === '') problems.push('no fallback text');
  else {
    total += text.length;
    if (text.length > 40_000) problems.push(`text: ${text.length} > 40000`);
    problems.push(...mrkdwnProblems(text, 'text'));
  }
  const blocks = payload.blocks;
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [...problems, 'blocks is not an array'];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks > 50`);
  const actionIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const at = `blocks[${i}]`;
    if (!isObj(block)) {
      problems.push(`${at}: not an object`);
      return;
    }
    const add = ([n, p]: [number, string[]]) => {
      total += n;
      problems.push(...p);
    };
    switch (block.type) {
      case 'header':
        add(textObject(block.text, `${at}.header`, 150, ['plain_text']));
        break;
      case 'section':
        add(textObject(block.text, `${at}.section`, 3000, ['mrkdwn', 'plain_text']));
        break;
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > 10)
          problems.push(`${at}.context: ${elements.length} elements`);
        elements.forEach((e: unknown, j) => {
          add(textObject(e, `${at}.context[${j}]`, 2000, ['mrkdwn', 'plain_text']));
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > 25)
          problems.push(`${at}.actions: ${elements.length} elements`);
        elements.forEach((e: unknown, j) => {
          const where = `${at}.actions[${j}]`;
          if (!isObj(e) || e.type !== 'button') {
            problems.push(`${where}: not a button`);
            return;
          }
          add(textObject(e.text, `${where}.text`, 75, ['plain_text']));
          const id = e.action_id;
          if (typeof id !== 'string' || id === '' || id.length > 255)
            problems.push(`${where}: bad action_id`);
          else if (actionIds.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
          else actionIds.add(id);
          if (typeof id === 'string') total += id.length;
          if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000))
            problems.push(`${where}: bad value`);
          if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
            problems.push(`${where}: bad style ${String(e.style)}`);
        });
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type ${String(block.type)}`);
    }
  });
  if (total > MESSAGE_TOTAL)
    problems.push(`message carries ${total} characters > ${MESSAGE_TOTAL}`);
  return problems;
}
