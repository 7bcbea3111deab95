// Discord's request validation for the payloads a bot sends: messages and embeds, allowed mentions,
// autocomplete choices and application command definitions. Failures come back in Discord's own
// "Invalid Form Body" shape so a bot's error handling meets what production would send it.

export interface FieldError {
  code: string;
  message: string;
}

export interface ErrorTree {
  _errors?: FieldError[];
  [key: string]: ErrorTree | FieldError[] | undefined;
}

export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: ErrorTree;
}

export class FormErrors {
  readonly tree: ErrorTree = {};
  count = 0;

  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const next = (node[String(key)] as ErrorTree | undefined) ?? {};
      node[String(key)] = next;
      node = next;
    }
    (node._errors ??= []).push({ code, message });
    this.count += 1;
  }

  toBody(): DiscordErrorBody | null {
    return this.count === 0 ? null : { code: 50035, message: 'Invalid Form Body', errors: this.tree };
  }
}

export const Limits = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  allowedMentionIds: 100,
  autocompleteChoices: 25,
} as const;

/** Discord counts characters, not UTF-16 units: an emoji is one. */
export function characterLength(text: string): number {
  let count = 0;
  for (const _char of text) count += 1;
  return count;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkString(
  errors: FormErrors,
  path: readonly (string | number)[],
  value: unknown,
  max: number,
  required: boolean,
): number {
  if (value === undefined || value === null) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  const length = characterLength(value);
  if (required && value.trim() === '') errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  if (length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return length;
}

function checkUrl(errors: FormErrors, path: readonly (string | number)[], value: unknown, allowAttachment: boolean): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return;
  }
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, '');
  } catch {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return;
  }
  const allowed = allowAttachment ? ['http', 'https', 'attachment'] : ['http', 'https'];
  if (!allowed.includes(scheme)) {
    errors.add(
      path,
      'URL_TYPE_INVALID_SCHEME',
      `Scheme "${scheme}" is not supported. Scheme must be one of (${allowed.map((s) => `'${s}'`).join(', ')}).`,
    );
  }
}

/** Validates one embed and returns the characters it counts towards the 6000 total. */
function checkEmbed(errors: FormErrors, path: readonly (string | number)[], embed: unknown): number {
  if (!isRecord(embed)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }
  let total = 0;
  total += checkString(errors, [...path, 'title'], embed.title, Limits.embedTitle, false);
  total += checkString(errors, [...path, 'description'], embed.description, Limits.embedDescription, false);
  checkUrl(errors, [...path, 'url'], embed.url, false);
  if (embed.color !== undefined && embed.color !== null) {
    if (typeof embed.color !== 'number' || !Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff) {
      errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
  }
  if (embed.timestamp !== undefined && embed.timestamp !== null) {
    if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
      errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
    }
  }
  if (embed.footer !== undefined && embed.footer !== null) {
    const footer = isRecord(embed.footer) ? embed.footer : {};
    total += checkString(errors, [...path, 'footer', 'text'], footer.text, Limits.footerText, true);
    checkUrl(errors, [...path, 'footer', 'icon_url'], footer.icon_url, true);
  }
  if (embed.author !== undefined && embed.author !== null) {
    const author = isRecord(embed.author) ? embed.author : {};
    total += checkString(errors, [...path, 'author', 'name'], author.name, Limits.authorName, true);
    checkUrl(errors, [...path, 'author', 'url'], author.url, false);
    checkUrl(errors, [...path, 'author', 'icon_url'], author.icon_url, true);
  }
  for (const media of ['image', 'thumbnail'] as const) {
    const value = embed[media];
    if (value === undefined || value === null) continue;
    const url = isRecord(value) ? value.url : undefined;
    if (url === undefined) errors.add([...path, media, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else checkUrl(errors, [...path, media, 'url'], url, true);
  }
  if (embed.fields !== undefined && embed.fields !== null) {
    if (!Array.isArray(embed.fields)) {
      errors.add([...path, 'fields'], 'BASE_TYPE_LIST', 'Must be an array.');
    } else {
      if (embed.fields.length > Limits.embedFields) {
        errors.add([...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${Limits.embedFields} or fewer in length.`);
      }
      embed.fields.forEach((field: unknown, index) => {
        const f = isRecord(field) ? field : {};
        total += checkString(errors, [...path, 'fields', index, 'name'], f.name, Limits.fieldName, true);
        total += checkString(errors, [...path, 'fields', index, 'value'], f.value, Limits.fieldValue, true);
      });
    }
  }
  return total;
}

function checkIdList(errors: FormErrors, path: readonly (string | number)[], value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_LIST', 'Must be an array.');
    return [];
  }
  if (value.length > Limits.allowedMentionIds) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${Limits.allowedMentionIds} or fewer in length.`);
  }
  return value.map(String);
}

function checkAllowedMentions(errors: FormErrors, path: readonly (string | number)[], value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = Array.isArray(value.parse) ? value.parse.map(String) : [];
  parse.forEach((kind, index) => {
    if (!['roles', 'users', 'everyone'].includes(kind)) {
      errors.add([...path, 'parse', index], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
    }
  });
  const users = checkIdList(errors, [...path, 'users'], value.users);
  const roles = checkIdList(errors, [...path, 'roles'], value.roles);
  if (parse.includes('users') && users.length > 0) {
    errors.add(path, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["users"] and users: [ids...] are mutually exclusive.');
  }
  if (parse.includes('roles') && roles.length > 0) {
    errors.add(path, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["roles"] and roles: [ids...] are mutually exclusive.');
  }
}

export interface MessageCheck {
  /** 400 body when the payload is invalid. */
  error: DiscordErrorBody | null;
}

/**
 * Validates a message body (channel message, interaction reply, follow-up or edit). `path` prefixes
 * error keys, as Discord does for interaction callbacks (`data.content`). An edit may omit everything.
 */
export function validateMessageBody(body: unknown, options: { path?: readonly string[]; isEdit?: boolean } = {}): DiscordErrorBody | null {
  const path = options.path ?? [];
  if (!isRecord(body)) {
    return { code: 50109, message: 'The request body contains invalid JSON.' };
  }
  const errors = new FormErrors();
  checkString(errors, [...path, 'content'], body.content, Limits.content, false);
  let hasEmbeds = false;
  if (body.embeds !== undefined && body.embeds !== null) {
    if (!Array.isArray(body.embeds)) {
      errors.add([...path, 'embeds'], 'BASE_TYPE_LIST', 'Must be an array.');
    } else {
      hasEmbeds = body.embeds.length > 0;
      if (body.embeds.length > Limits.embeds) {
        errors.add([...path, 'embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${Limits.embeds} or fewer in length.`);
      }
      let total = 0;
      body.embeds.forEach((embed: unknown, index) => {
        total += checkEmbed(errors, [...path, 'embeds', index], embed);
      });
      if (total > Limits.embedTotal) {
        errors.add([...path, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${Limits.embedTotal}`);
      }
    }
  }
  checkAllowedMentions(errors, [...path, 'allowed_mentions'], body.allowed_mentions);
  const formError = errors.toBody();
  if (formError) return formError;
  if (!options.isEdit) {
    const hasContent = typeof body.content === 'string' && body.content.trim() !== '';
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasFiles = Array.isArray(body.attachments) && body.attachments.length > 0;
    const hasOther = body.sticker_ids !== undefined || body.poll !== undefined;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasFiles && !hasOther) {
      return { code: 50006, message: 'Cannot send an empty message' };
    }
  }
  return null;
}

export function validateAutocompleteChoices(data: unknown): DiscordErrorBody | null {
  const errors = new FormErrors();
  const choices = isRecord(data) ? data.choices : undefined;
  if (!Array.isArray(choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors.toBody();
  }
  if (choices.length > Limits.autocompleteChoices) {
    errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${Limits.autocompleteChoices} or fewer in length.`);
  }
  choices.forEach((choice: unknown, index) => {
    const c = isRecord(choice) ? choice : {};
    checkString(errors, ['data', 'choices', index, 'name'], c.name, 100, true);
    if (typeof c.value === 'string') checkString(errors, ['data', 'choices', index, 'value'], c.value, 100, true);
    else if (typeof c.value !== 'number') errors.add(['data', 'choices', index, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
  return errors.toBody();
}

// ---- application commands ----

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

function checkName(errors: FormErrors, path: readonly (string | number)[], name: unknown, lowercase: boolean): void {
  if (typeof name !== 'string' || name.length === 0) {
    errors.add([...path, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (characterLength(name) > 32) errors.add([...path, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  if (!COMMAND_NAME.test(name)) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  } else if (lowercase && name !== name.toLowerCase()) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  }
}

function checkDescription(errors: FormErrors, path: readonly (string | number)[], description: unknown): number {
  if (typeof description !== 'string' || characterLength(description) < 1 || characterLength(description) > 100) {
    errors.add([...path, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    return 0;
  }
  return characterLength(description);
}

/** Validates a level of options; returns the characters counted towards the 4000 per-command limit. */
function checkOptions(errors: FormErrors, path: readonly (string | number)[], options: unknown, depth: number): number {
  if (options === undefined || options === null) return 0;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_LIST', 'Must be an array.');
    return 0;
  }
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let total = 0;
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option: unknown, index) => {
    const p = [...path, index];
    const o = isRecord(option) ? option : {};
    checkName(errors, p, o.name, true);
    total += typeof o.name === 'string' ? characterLength(o.name) : 0;
    total += checkDescription(errors, p, o.description);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) errors.add([...p, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option name already exists');
      names.add(o.name);
    }
    const type = Number(o.type);
    if (!Number.isInteger(type) || type < 1 || type > 11) {
      errors.add([...p, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
      return;
    }
    const isGroup = type === OptionType.Subcommand || type === OptionType.SubcommandGroup;
    if (isGroup) {
      if (type === OptionType.SubcommandGroup && depth > 0) {
        errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommand groups must be top level.');
      }
      if (type === OptionType.Subcommand && depth > 1) {
        errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommands nest at most once.');
      }
      total += checkOptions(errors, [...p, 'options'], o.options, depth + 1);
      return;
    }
    if (o.required === true) {
      if (sawOptional) errors.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else {
      sawOptional = true;
    }
    if (o.choices !== undefined) {
      if (!Array.isArray(o.choices)) {
        errors.add([...p, 'choices'], 'BASE_TYPE_LIST', 'Must be an array.');
      } else {
        if (o.choices.length > 25) errors.add([...p, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
        if (o.autocomplete === true && o.choices.length > 0) {
          errors.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be used with choices.');
        }
        o.choices.forEach((choice: unknown, ci) => {
          const c = isRecord(choice) ? choice : {};
          total += checkString(errors, [...p, 'choices', ci, 'name'], c.name, 100, true);
          if (typeof c.value === 'string') total += checkString(errors, [...p, 'choices', ci, 'value'], c.value, 100, true);
        });
      }
    }
  });
  return total;
}

/** Validates a bulk-overwrite body; each index reports its own errors, like Discord's PUT does. */
export function validateCommandList(body: unknown): DiscordErrorBody | null {
  if (!Array.isArray(body)) {
    return { code: 50035, message: 'Invalid Form Body', errors: { _errors: [{ code: 'BASE_TYPE_LIST', message: 'Must be an array.' }] } };
  }
  const errors = new FormErrors();
  const seen = new Set<string>();
  body.forEach((command: unknown, index) => {
    checkCommand(errors, [index], command);
    const c = isRecord(command) ? command : {};
    const key = `${Number(c.type ?? 1)}:${String(c.name)}`;
    if (seen.has(key)) errors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.add(key);
  });
  const chatInputCount = body.filter((c: unknown) => isRecord(c) && Number(c.type ?? 1) === 1).length;
  if (chatInputCount > 100) errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  return errors.toBody();
}

export function validateCommand(body: unknown): DiscordErrorBody | null {
  const errors = new FormErrors();
  checkCommand(errors, [], body);
  return errors.toBody();
}

function checkCommand(errors: FormErrors, path: readonly (string | number)[], command: unknown): void {
  if (!isRecord(command)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = Number(command.type ?? 1);
  checkName(errors, path, command.name, type === 1);
  if (type === 1) {
    let total = typeof command.name === 'string' ? characterLength(command.name) : 0;
    total += checkDescription(errors, path, command.description);
    total += checkOptions(errors, [...path, 'options'], command.options, 0);
    if (total > 4000) errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (4000)');
  } else if (command.description !== undefined && command.description !== '') {
    errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
  }
  if (command.default_member_permissions !== undefined && command.default_member_permissions !== null) {
    if (typeof command.default_member_permissions !== 'string' || !/^\d+$/.test(command.default_member_permissions)) {
      errors.add([...path, 'default_member_permissions'], 'BASE_TYPE_INVALID', 'Must be a permission bitfield string.');
    }
  }
}
