/**
 * The parts of an interaction Discord POSTs to the endpoint that the bot reads, as zod schemas.
 * Unknown fields are dropped; a field the bot relies on that is missing or of the wrong type makes
 * the whole request invalid (a 400), never a half-read interaction.
 */
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{1,21}$/u);

const user = z.object({
  id: snowflake,
  username: z.string(),
  global_name: z.string().nullish(),
});

/** An option as sent: values for leaves, `options` for subcommands and groups. */
export interface InteractionOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: InteractionOption[] | undefined;
}

const option: z.ZodType<InteractionOption> = z.object({
  name: z.string(),
  type: z.number().int(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
  get options() {
    return z.array(option).max(25).optional();
  },
});

const commandData = z.object({
  name: z.string(),
  /** 1 chat input, 2 user, 3 message (context menus). */
  type: z.number().int(),
  options: z.array(option).max(25).optional(),
  target_id: snowflake.optional(),
  resolved: z
    .object({
      messages: z.record(z.string(), z.object({ id: snowflake, content: z.string() })).optional(),
      /** Channels named in options; `guild_id` when Discord includes it (it signs the request). */
      channels: z
        .record(z.string(), z.object({ id: snowflake, guild_id: snowflake.optional() }))
        .optional(),
    })
    .optional(),
});

const componentData = z.object({
  custom_id: z.string().max(100),
  component_type: z.number().int(),
});

const common = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(500),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  channel: z.object({ id: snowflake }).optional(),
  /** In a server: the member, with their permissions in the channel as a decimal bitfield. */
  member: z
    .object({
      user,
      nick: z.string().nullish(),
      permissions: z.string().regex(/^\d{1,40}$/u),
    })
    .optional(),
  /** In a DM: the user. */
  user: user.optional(),
  locale: z.string().optional(),
};

/** The interactions the endpoint answers, by `type`. */
export const interactionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(1), id: snowflake, application_id: snowflake }),
  z.object({ ...common, type: z.literal(2), data: commandData }),
  z.object({
    ...common,
    type: z.literal(3),
    data: componentData,
    message: z.object({ id: snowflake }).optional(),
  }),
  z.object({ ...common, type: z.literal(4), data: commandData }),
  z.object({ ...common, type: z.literal(5), data: z.object({ custom_id: z.string() }) }),
]);

export type HttpInteraction = z.infer<typeof interactionSchema>;
/** Every interaction but PING: someone did something. */
export type UserInteraction = Exclude<HttpInteraction, { type: 1 }>;
