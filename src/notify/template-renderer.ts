// Email and SMS texts, rendered from Handlebars files under templates/ that a coordinator's IT staff may edit.
//
// Every file is read, parsed and checked at start-up, so an edit that breaks a template stops the worker with one
// message naming each bad file, instead of failing a reminder on the night it is due.

import { packageRoot } from '../runtime/package-root';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { fitSms, SHORTENABLE_FIELDS, type Names } from '../domain/sms-fit';
import { smsEncoding, toGsmText, type SmsEncoding } from '../domain/sms-text';
import {
  CONTEXT_KEYS,
  MESSAGE_KINDS,
  MessageContext,
  MessageContextError,
  REQUIRED_FIELDS,
  type MessageContextInput,
  type MessageKind,
} from './message-context-schema';
import { COMPILE_OPTIONS, HELPERS, KNOWN_HELPERS, type CompileOptions } from './template-helpers';

// The schema and kinds moved to ./message-context-schema; importers of this module keep finding them here.
export {
  MESSAGE_KINDS,
  MessageContextError,
  type MessageContextInput,
  type MessageKind,
} from './message-context-schema';

/** Names a template may read: the context, plus `subject` (the rendered subject line) in text and HTML bodies. */
const TEMPLATE_VARIABLES = new Set<string>([...CONTEXT_KEYS, 'subject']);
/** Partials also see the hash arguments their callers pass, e.g. `{{#> layout title=subject}}`. */
const PARTIAL_VARIABLES = new Set<string>([...TEMPLATE_VARIABLES, 'title']);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderSmsOptions {
  /** Strip Vietnamese diacritics so the message fits GSM-7 (160 characters instead of 70). (Default: false.) */
  withoutDiacritics?: boolean;
  /**
   * The most segments the message may take: over it, the agency name, obligation title and campaign name are
   * shortened (see ../domain/sms-fit.ts). (Default: 1 without diacritics, 2 with them.)
   */
  maxSegments?: number;
}

export interface RenderedSms {
  text: string;
  encoding: SmsEncoding;
  segments: number;
}

export interface TemplateSet {
  /** The directory the templates were loaded from. */
  readonly dir: string;
  /**
   * Renders the email of a kind. Throws {@link MessageContextError} for invalid or missing data and
   * {@link TemplateRenderError} when a template fails.
   *
   * @example templates.renderEmail('upcoming', { planTitle, obligationTitle, agencyName, dueDate: '2025-06-10', daysLeft: 3, coordinatorName })
   */
  renderEmail(kind: MessageKind, context: MessageContextInput): RenderedEmail;
  /** Renders the SMS of a kind, with its encoding and the number of segments it will be billed as. */
  renderSms(kind: MessageKind, context: MessageContextInput, options?: RenderSmsOptions): RenderedSms;
}

export interface TemplateProblem {
  /** Path relative to the templates directory, with `/` separators. */
  file: string;
  message: string;
}

/** One or more template files are missing or invalid; `problems` lists each of them. */
export class TemplateLoadError extends Error {
  override readonly name = 'TemplateLoadError';
  constructor(
    readonly dir: string,
    readonly problems: readonly TemplateProblem[],
  ) {
    super(
      `Không nạp được mẫu thông báo / could not load message templates from ${dir} ` +
        `(${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n` +
        problems.map((p) => `  - ${p.file}: ${p.message.replace(/\n/g, '\n    ')}`).join('\n'),
    );
  }
}

/** A template failed while rendering (for example a helper given a missing value). */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(
      `Không tạo được nội dung từ mẫu / could not render ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** The repository's `templates/`, found from this file whether it runs from `src/` or from `dist/src/`. */
export function defaultTemplatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

interface Flavour {
  env: typeof Handlebars;
  options: CompileOptions;
}

function createFlavour(escape: boolean): Flavour {
  const env = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) env.registerHelper(name, fn);
  return { env, options: { ...COMPILE_OPTIONS, noEscape: !escape } };
}

/**
 * Reads and compiles every template under `dir` (default: the repository's `templates/`).
 *
 * Layout: `email/<kind>.subject.hbs`, `email/<kind>.text.hbs`, `email/<kind>.html.hbs`, `sms/<kind>.hbs` for each
 * of {@link MESSAGE_KINDS}, and partials `email/partials/<name>.html.hbs` / `<name>.text.hbs`, used as
 * `{{> name}}` from HTML and text bodies respectively (`layout.html.hbs` is required). HTML output is escaped;
 * subject, text and SMS output is not.
 *
 * Throws a {@link TemplateLoadError} listing every missing file, syntax error, unknown helper, unknown partial
 * and unknown variable.
 */
export function loadTemplates(dir: string = defaultTemplatesDir()): TemplateSet {
  const html = createFlavour(true);
  const plain = createFlavour(false);
  const problems: TemplateProblem[] = [];
  const partialNames: Record<'html' | 'text', Set<string>> = { html: new Set(), text: new Set() };

  const read = (file: string): string | undefined => {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({ file, message: code === 'ENOENT' ? 'thiếu tệp / file is missing' : String(err) });
      return undefined;
    }
  };

  type Pending = { file: string; source: string; flavour: Flavour; partials: Set<string>; variables: Set<string> };
  const pending: Pending[] = [];

  const partialDir = 'email/partials';
  let partialFiles: string[] = [];
  try {
    partialFiles = fs.readdirSync(path.join(dir, partialDir)).filter((f) => /\.(html|text)\.hbs$/.test(f));
  } catch {
    // Reported below as the missing layout.
  }
  if (!partialFiles.includes('layout.html.hbs')) partialFiles.push('layout.html.hbs');
  for (const name of partialFiles.sort()) {
    const file = `${partialDir}/${name}`;
    const source = read(file);
    const [base = '', variant] = name.split('.') as [string, 'html' | 'text'];
    if (source === undefined) continue;
    partialNames[variant].add(base);
    const flavour = variant === 'html' ? html : plain;
    pending.push({ file, source, flavour, partials: partialNames[variant], variables: PARTIAL_VARIABLES });
  }

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const templateFiles = MESSAGE_KINDS.flatMap((kind) => [
    { file: `email/${kind}.subject.hbs`, flavour: plain, partials: partialNames.text },
    { file: `email/${kind}.text.hbs`, flavour: plain, partials: partialNames.text },
    { file: `email/${kind}.html.hbs`, flavour: html, partials: partialNames.html },
    { file: `sms/${kind}.hbs`, flavour: plain, partials: new Set<string>() },
  ]);
  for (const t of templateFiles) {
    const source = read(t.file);
    if (source !== undefined) pending.push({ ...t, source, variables: TEMPLATE_VARIABLES });
  }

  for (const p of pending) {
    try {
      // precompile runs the whole compiler now; compile() alone defers it to the first render.
      p.flavour.env.precompile(p.source, p.flavour.options);
      const unknown = checkNames(p.flavour.env.parse(p.source), p.variables, p.partials);
      if (unknown.length > 0) {
        problems.push({ file: p.file, message: unknown.join('; ') });
        continue;
      }
      const template = p.flavour.env.compile(p.source, p.flavour.options);
      if (p.file.startsWith(`${partialDir}/`)) {
        p.flavour.env.registerPartial(path.basename(p.file).split('.')[0] ?? '', template);
      } else {
        compiled.set(p.file, template);
      }
    } catch (err) {
      problems.push({ file: p.file, message: err instanceof Error ? err.message : String(err) });
    }
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.file.localeCompare(b.file));
    throw new TemplateLoadError(dir, problems);
  }

  const run = (file: string, data: Record<string, unknown>): string => {
    const template = compiled.get(file);
    if (!template) throw new TemplateRenderError(file, new Error('template not loaded'));
    try {
      return template(data);
    } catch (err) {
      throw new TemplateRenderError(file, err);
    }
  };

  return {
    dir,
    renderEmail(kind, context) {
      const data = prepareContext(kind, context);
      const subject = run(`email/${kind}.subject.hbs`, data).replace(/\s+/g, ' ').trim();
      const withSubject = { ...data, subject };
      return {
        subject,
        text: tidyText(run(`email/${kind}.text.hbs`, withSubject)),
        html: run(`email/${kind}.html.hbs`, withSubject).trim() + '\n',
      };
    },
    renderSms(kind, context, options = {}) {
      const data = prepareContext(kind, context);
      // SMS files may be wrapped over several lines for readability; the message itself is one paragraph.
      const gsm = options.withoutDiacritics ?? false;
      const names: Names = {};
      for (const field of SHORTENABLE_FIELDS) {
        const value = data[field];
        if (typeof value === 'string') names[field] = value;
      }
      const fitted = fitSms(
        (n) => run(`sms/${kind}.hbs`, { ...data, ...n }),
        names,
        options.maxSegments ?? (gsm ? 1 : 2),
        gsm ? '...' : '…',
        (text) => {
          const oneLine = text.replace(/\s+/g, ' ').trim();
          return gsm ? toGsmText(oneLine) : oneLine;
        },
      );
      return { text: fitted.text, encoding: smsEncoding(fitted.text), segments: fitted.segments };
    },
  };
}

function prepareContext(kind: MessageKind, input: MessageContextInput): Record<string, unknown> {
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) {
    throw new MessageContextError(kind, [
      { path: 'kind', message: `không có loại thông báo này / unknown kind; known: ${MESSAGE_KINDS.join(', ')}` },
    ]);
  }
  const parsed = MessageContext.safeParse(input);
  if (!parsed.success) {
    throw new MessageContextError(
      kind,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(context)', message: issue.message })),
    );
  }
  const missing = REQUIRED_FIELDS[kind].filter((key) => parsed.data[key] === undefined);
  if (missing.length > 0) {
    throw new MessageContextError(
      kind,
      missing.map((key) => ({ path: key, message: `bắt buộc với loại "${kind}" / required for "${kind}"` })),
    );
  }
  const data: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) data[key] = parsed.data[key] ?? null;
  return data;
}

function tidyText(rendered: string): string {
  return (
    rendered
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

type AstNode = hbs.AST.Node;

/**
 * Names a template uses that do not exist: variables outside the context, and partials that were not loaded.
 * Strict mode alone would only notice a misspelt variable on the render that reaches it, and never inside
 * `{{#if}}` or a helper's arguments.
 */
function checkNames(program: hbs.AST.Program, variables: Set<string>, partials: Set<string>): string[] {
  const problems: string[] = [];
  const where = (node: AstNode) => `line ${node.loc.start.line}`;

  const checkPath = (p: hbs.AST.PathExpression, scoped: boolean) => {
    if (p.data || p.depth > 0 || scoped || p.parts.length === 0) return;
    const head = p.parts[0] ?? '';
    if (head === 'this' || p.original === 'this' || p.original.startsWith('this.')) return;
    if (!variables.has(head)) {
      problems.push(`unknown variable "${p.original}" on ${where(p)} (known: ${[...variables].sort().join(', ')})`);
    }
  };

  const expr = (e: hbs.AST.Expression, scoped: boolean) => {
    if (e.type === 'PathExpression') checkPath(e as hbs.AST.PathExpression, scoped);
    else if (e.type === 'SubExpression') call(e as hbs.AST.SubExpression, scoped);
  };

  const call = (
    node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash | undefined; path: hbs.AST.Expression },
    scoped: boolean,
  ) => {
    const isCall = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const name = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    if (!isCall && !KNOWN_HELPERS.has(name)) expr(node.path, scoped);
    node.params.forEach((param) => expr(param, scoped));
    node.hash?.pairs.forEach((pair) => expr(pair.value, scoped));
  };

  const walk = (prog: hbs.AST.Program | undefined, scoped: boolean) => {
    for (const statement of prog?.body ?? []) {
      switch (statement.type) {
        case 'MustacheStatement':
          call(statement as hbs.AST.MustacheStatement, scoped);
          break;
        case 'BlockStatement': {
          const block = statement as hbs.AST.BlockStatement;
          call(block, scoped);
          // Inside #each and #with, bare names refer to the item, which the context schema does not describe.
          const changesContext = !['if', 'unless'].includes(block.path.original);
          walk(block.program, scoped || changesContext);
          walk(block.inverse, scoped);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement': {
          const partial = statement as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;
          if (partial.name.type === 'PathExpression') {
            const name = partial.name;
            if (!name.data && !partials.has(name.original)) {
              const known = [...partials].sort().join(', ') || 'none';
              problems.push(`unknown partial "${name.original}" on ${where(partial)} (known: ${known})`);
            }
          }
          partial.params.forEach((param) => expr(param, scoped));
          partial.hash?.pairs.forEach((pair) => expr(pair.value, scoped));
          if (statement.type === 'PartialBlockStatement') {
            walk((statement as hbs.AST.PartialBlockStatement).program, scoped);
          }
          break;
        }
        default:
          break;
      }
    }
  };

  walk(program, false);
  return problems;
}
