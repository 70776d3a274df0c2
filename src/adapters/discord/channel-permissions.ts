/**
 * A member's permissions in a channel from the raw objects the REST API returns, by the algorithm
 * Discord documents (Topics → Permissions → Permission Overwrites): the guild owner has all; else
 * @everyone's and the member's roles' permissions, Administrator meaning all; then the channel's
 * overwrites for @everyone, for the member's roles together, and for the member, each denying
 * before it allows. Used where no gateway cache holds the structures discord.js computes it from.
 */
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';

export interface RoleBits {
  id: string;
  permissions: string;
}

export interface Overwrite {
  id: string;
  /** 0 role, 1 member. */
  type: number;
  allow: string;
  deny: string;
}

export interface PermissionInputs {
  guildId: string;
  ownerId: string;
  roles: readonly RoleBits[];
  member: { userId: string; roleIds: readonly string[] };
  /** The channel's overwrites (a thread's are its parent channel's). */
  overwrites: readonly Overwrite[];
}

const ALL = PermissionsBitField.All;

/**
 * The permission bits a member holds in a channel.
 * @example new PermissionsBitField(channelPermissions(inputs)).has(PermissionFlagsBits.SendMessages)
 */
export function channelPermissions(inputs: PermissionInputs): bigint {
  const { guildId, member } = inputs;
  if (member.userId === inputs.ownerId) return ALL;
  const roleBits = new Map(inputs.roles.map((r) => [r.id, BigInt(r.permissions)]));
  let bits = roleBits.get(guildId) ?? 0n;
  for (const id of member.roleIds) bits |= roleBits.get(id) ?? 0n;
  if ((bits & PermissionFlagsBits.Administrator) !== 0n) return ALL;

  const apply = (allow: bigint, deny: bigint) => {
    bits = (bits & ~deny) | allow;
  };
  const everyone = inputs.overwrites.find((o) => o.id === guildId);
  if (everyone) apply(BigInt(everyone.allow), BigInt(everyone.deny));
  let allow = 0n;
  let deny = 0n;
  for (const o of inputs.overwrites) {
    if (o.type === 0 && o.id !== guildId && member.roleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  apply(allow, deny);
  const own = inputs.overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own) apply(BigInt(own.allow), BigInt(own.deny));
  return bits;
}
