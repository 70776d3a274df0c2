/**
 * Discord's side of the Interactions Endpoint URL: signs an interaction with an Ed25519 key the
 * way Discord does (over `timestamp + body`), POSTs it to the bot, and applies the bot's HTTP
 * response to the fake world as the interaction's first response, so webhook edits that follow
 * find their message. Only node:crypto and fetch.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { FakeRest } from './rest.ts';
import type { DispatchableInteraction, FakeWorld } from './state.ts';

export interface InteractionSigner {
  /** The public key as the Developer Portal shows it (64 hex characters). */
  readonly publicKeyHex: string;
  /** The X-Signature-Ed25519 value for `timestamp + body`. */
  sign(timestamp: string, body: string): string;
}

/** A fresh application key pair. */
export function createSigner(): InteractionSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return signerOf(privateKey, publicKey);
}

function signerOf(privateKey: KeyObject, publicKey: KeyObject): InteractionSigner {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    publicKeyHex: der.subarray(der.length - 32).toString('hex'),
    sign: (timestamp, body) =>
      sign(null, Buffer.from(timestamp + body, 'utf8'), privateKey).toString('hex'),
  };
}

export interface DeliverOptions {
  signer: InteractionSigner;
  /** Unix seconds as a string; default now. */
  timestamp?: string;
  /** Replaces the computed signature (a forgery); `null` leaves the header out. */
  signature?: string | null;
  /** Leaves the timestamp header out. */
  omitTimestamp?: boolean;
  /** Sends this text instead of the JSON of the payload (signed as given). */
  rawBody?: string;
}

export interface Delivery {
  status: number;
  /** The parsed JSON response (null when not JSON). */
  body: unknown;
  /** From sending the request to having the whole response, in ms. */
  ms: number;
}

/**
 * POSTs `payload` to `url` signed, and applies a 200 response with a `type` as the first
 * response. The interaction is registered with the fake first (so its webhook routes resolve),
 * and its webhook calls wait until the response is applied, as on Discord.
 * @example const { body } = await deliverInteraction(fake.world, fake.rest, url, payload, { signer });
 */
export async function deliverInteraction(
  world: FakeWorld,
  rest: FakeRest,
  url: string,
  payload: DispatchableInteraction | Record<string, unknown>,
  options: DeliverOptions,
): Promise<Delivery> {
  const text = options.rawBody ?? JSON.stringify(payload);
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature =
    options.signature === undefined ? options.signer.sign(timestamp, text) : options.signature;
  const interaction = isDispatchable(payload) ? payload : undefined;
  if (interaction) world.registerInteraction(interaction);
  const release = interaction ? rest.hold(interaction.token) : () => {};
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-signature-ed25519'] = signature;
  if (!options.omitTimestamp) headers['x-signature-timestamp'] = timestamp;
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers, body: text });
    const raw = await response.text();
    const ms = performance.now() - started;
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    if (
      interaction &&
      response.status === 200 &&
      typeof body === 'object' &&
      body !== null &&
      'type' in body &&
      body.type !== 1
    )
      rest.acknowledgeOverHttp(interaction.id, interaction.token, body);
    return { status: response.status, body, ms };
  } finally {
    release();
  }
}

function isDispatchable(d: unknown): d is DispatchableInteraction {
  if (typeof d !== 'object' || d === null) return false;
  const r = d as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.token === 'string' &&
    typeof r.type === 'number' &&
    r.type !== 1 &&
    typeof r.application_id === 'string'
  );
}
