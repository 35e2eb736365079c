/**
 * `nhac-han`: the command line. Each verb validates its flags, does one thing, and closes what it opened. Known
 * errors print as one line per problem with a non-zero exit; a stack trace only with --debug.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config';
import { StartupError } from '../runtime/startup-error';
import { CliError } from './cli-error';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '../domain/holiday-days';
import type * as ServerModule from '../server';
import type * as DirectoryModule from './commands/directory';
import type * as ReorganiseModule from './commands/directory-reorganise';
import type * as HolidaysModule from './commands/holidays';
import type * as PlanModule from './commands/plan';
import type * as PlanImportModule from './commands/plan-import';
import type * as ReportModule from './commands/report';
import type * as StartModule from './commands/start';
import type * as StatusModule from './commands/status';
import type * as SubmitModule from './commands/submit';
import type * as UserModule from './commands/user';
import type * as WebhooksModule from './commands/webhooks';
import type * as WorkerModule from './commands/worker';

/**
 * A command's module is loaded when the command runs, not when the CLI starts: each pulls in its own share of
 * Temporal, Prisma, Fastify and the document libraries, and loading them all made `nhac-han holidays` take seconds.
 */
function lazy<A extends unknown[], R>(load: () => (...args: A) => R): (...args: A) => R {
  return (...args: A) => load()(...args);
}

// Synchronous require (this package is CommonJS): the module is read once, when its first command runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <M>(id: string): M => require(id) as M;

const runServer = lazy(() => load<typeof ServerModule>('../server').runServer);
const directoryExport = lazy(() => load<typeof DirectoryModule>('./commands/directory').directoryExport);
const directoryImport = lazy(() => load<typeof DirectoryModule>('./commands/directory').directoryImport);
const directoryList = lazy(() => load<typeof DirectoryModule>('./commands/directory').directoryList);
const directoryMerge = lazy(() => load<typeof ReorganiseModule>('./commands/directory-reorganise').directoryMerge);
const directoryRename = lazy(() => load<typeof ReorganiseModule>('./commands/directory-reorganise').directoryRename);
const directoryRetire = lazy(() => load<typeof ReorganiseModule>('./commands/directory-reorganise').directoryRetire);
const holidaysCommand = lazy(() => load<typeof HolidaysModule>('./commands/holidays').holidaysCommand);
const holidaysImport = lazy(() => load<typeof HolidaysModule>('./commands/holidays').holidaysImport);
const holidaysList = lazy(() => load<typeof HolidaysModule>('./commands/holidays').holidaysList);
const holidaysRemove = lazy(() => load<typeof HolidaysModule>('./commands/holidays').holidaysRemove);
const holidaysRetarget = lazy(() => load<typeof HolidaysModule>('./commands/holidays').holidaysRetarget);
const holidaysSet = lazy(() => load<typeof HolidaysModule>('./commands/holidays').holidaysSet);
const planApply = lazy(() => load<typeof PlanModule>('./commands/plan').planApply);
const planCalendarCommand = lazy(() => load<typeof PlanModule>('./commands/plan').planCalendarCommand);
const planDirectoryDiff = lazy(() => load<typeof PlanModule>('./commands/plan').planDirectoryDiffCommand);
const planDemo = lazy(() => load<typeof PlanModule>('./commands/plan').planDemo);
const planRebase = lazy(() => load<typeof PlanModule>('./commands/plan').planRebase);
const planStatusCommand = lazy(() => load<typeof PlanModule>('./commands/plan').planStatusCommand);
const planValidate = lazy(() => load<typeof PlanModule>('./commands/plan').planValidate);
const planImport = lazy(() => load<typeof PlanImportModule>('./commands/plan-import').planImport);
const reportCommand = lazy(() => load<typeof ReportModule>('./commands/report').reportCommand);
const startCommand = lazy(() => load<typeof StartModule>('./commands/start').startCommand);
const statusCommand = lazy(() => load<typeof StatusModule>('./commands/status').statusCommand);
const submitCommand = lazy(() => load<typeof SubmitModule>('./commands/submit').submitCommand);
const userAdd = lazy(() => load<typeof UserModule>('./commands/user').userAdd);
const userDisable = lazy(() => load<typeof UserModule>('./commands/user').userDisable);
const userPasswd = lazy(() => load<typeof UserModule>('./commands/user').userPasswd);
const webhooksCommand = lazy(() => load<typeof WebhooksModule>('./commands/webhooks').webhooksCommand);
const workerCommand = lazy(() => load<typeof WorkerModule>('./commands/worker').workerCommand);

/** A `--year` option: the years the legal calendar answers for (MIN_CALENDAR_YEAR–MAX_CALENDAR_YEAR), as plan files. */
const yearArg = (name: string) => intArg(name, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR);

export const intArg =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} phải là số nguyên ${min}–${max} / must be an integer ${min}–${max}`);
    return n;
  };

export function buildProgram(): Command {
  const program = new Command('nhac-han')
    .description('Nhắc Hạn: nhắc hạn báo cáo cho cơ quan hành chính / deadline reminders on Temporal')
    .option('--debug', 'in chi tiết lỗi (stack trace) / print stack traces')
    .showHelpAfterError()
    .exitOverride();

  program.command('start').description('chạy bản nhúng đầy đủ / run the embedded default').action(startCommand);
  program
    .command('worker')
    .description('chỉ chạy worker, với dịch vụ bên ngoài / run the worker against external services')
    .action(workerCommand);
  program
    .command('web')
    .description('chỉ chạy ứng dụng web, với dịch vụ bên ngoài / run the web app against external services')
    .action(runServer);

  // Every command that changes state is audited as `cli:<os user>`, or as `--by` when given (see cli-actor.ts).
  const by = '--by <who>';
  const byHelp = 'người thay đổi, ghi vào nhật ký (mặc định: người dùng máy) / who, for the audit (default: OS user)';
  const plan = program.command('plan').description('kế hoạch: kiểm tra, lịch, áp dụng / plan files');
  plan.command('validate <file>').description('kiểm tra tệp kế hoạch / check a plan file').action(planValidate);
  plan
    .command('calendar <file>')
    .description('mọi hạn của kế hoạch / every obligation instance with its dates')
    .option('--year <year>', 'chỉ một năm / one year only', yearArg('--year'))
    .option('--json', 'in JSON / print JSON')
    .action(planCalendarCommand);
  plan
    .command('import <file>')
    .description('nhập bản nháp kế hoạch từ văn bản .docx, .pdf, .txt / import a draft plan from its document')
    .option('--out <draft>', 'ghi bản nháp YAML / write the draft as YAML')
    .option('--agencies <plan>', 'khớp trước với cơ quan của tệp kế hoạch này / match this plan’s agencies first')
    .option('--json', 'in JSON / print JSON')
    .action(planImport);
  plan
    .command('apply <file>')
    .description('lưu kế hoạch và lập lịch / store the plan and schedule its cycles')
    .option(by, byHelp)
    .option(
      '--update-directory',
      'ghi các cơ quan mới hoặc khác của kế hoạch vào danh bạ, sau khi áp dụng / write its new or different agencies into the directory',
    )
    .option('--json', 'in JSON / print JSON')
    .action(planApply);
  plan
    .command('directory-diff <file>')
    .description(
      'các cơ quan của kế hoạch mới hoặc khác với danh bạ, không áp dụng gì / what the plan would change in the directory',
    )
    .option('--json', 'in JSON / print JSON')
    .action(planDirectoryDiff);
  plan
    .command('demo')
    .description('in một kế hoạch thử nghiệm / print a demo plan')
    .option('--agencies <n>', 'số đơn vị / number of agencies', intArg('--agencies', 1, 10000), 3)
    .option('--due-in <duration>', 'hạn sau bao lâu (ISO-8601) / deadline from now', 'PT10M')
    .option('--reminders <list>', 'các mốc nhắc trước hạn / reminder offsets', 'PT8M,PT4M')
    .option('--escalate-after <list>', 'các mốc đôn đốc sau hạn / escalation offsets', 'PT2M,PT5M')
    .option('--code <code>', 'mã kế hoạch / plan code')
    .action(planDemo);

  plan
    .command('pause <code>')
    .description('tạm dừng: không khởi động chu kỳ năm mới / pause: no new yearly cycle starts')
    .option(by, byHelp)
    .action((code: string, o: { by?: string }) => planStatusCommand('pause', code, o));
  plan
    .command('resume <code>')
    .description('tiếp tục kế hoạch đã tạm dừng / resume a paused plan')
    .option(by, byHelp)
    .action((code: string, o: { by?: string }) => planStatusCommand('resume', code, o));
  plan
    .command('remove <code>')
    .description('gỡ kế hoạch: xóa lịch chạy, dừng mọi workflow / remove: delete its schedule, stop its workflows')
    .option(by, byHelp)
    .action((code: string, o: { by?: string }) => planStatusCommand('remove', code, o));
  plan
    .command('rebase <file>')
    .description(
      'in kế hoạch chuyển sang năm khác, giữ nguyên các hạn ngày/tháng / print the plan moved to other years',
    )
    .requiredOption('--from-year <year>', 'năm đầu mới / new first year', yearArg('--from-year'))
    .option('--code <code>', 'mã kế hoạch mới / new plan code')
    .action(planRebase);

  const holidays = program
    .command('holidays')
    .description(
      'ngày nghỉ của một năm; lịch nghỉ chính thức do quản trị viên nhập / non-working days; official schedules',
    )
    .option('--year <year>', 'năm / year', yearArg('--year'))
    .option('--json', 'in JSON / print JSON')
    .action(holidaysCommand);
  holidays
    .command('set')
    .description('lưu một ngày nghỉ hoặc ngày làm việc chính thức / store an official day off or working day')
    .option('--date <YYYY-MM-DD>', 'ngày / date')
    .option('--kind <kind>', 'day-off | working-day')
    .option('--name <text>', 'tên ngày / name')
    .option('--source <text>', 'số hiệu văn bản nguồn / source document number')
    .option(
      '--source-date <YYYY-MM-DD>',
      'ngày ban hành văn bản (nếu --source không ghi) / its date, unless --source names it',
    )
    .option('--source-link <url>', 'đường dẫn văn bản (nếu --source không ghi) / its link, unless --source names it')
    .option('--make-up <YYYY-MM-DD>', 'ngày làm bù của ngày nghỉ hoán đổi / the make-up day of a swap')
    .option('--make-up-name <text>', 'tên ngày làm bù / name of the make-up day')
    .option('--reason <reason>', 'swap (mặc định khi có --make-up) | holiday | compensatory')
    .option(by, byHelp)
    .action(holidaysSet);
  holidays
    .command('remove')
    .description('gỡ một mục đã lưu (và ngày hoán đổi đi kèm) / remove a stored entry (and its swap partner)')
    .option('--date <YYYY-MM-DD>', 'ngày / date')
    .option(by, byHelp)
    .action(holidaysRemove);
  holidays
    .command('import <file>')
    .description('nhập lịch nghỉ của một năm (YAML hoặc JSON), tất cả hoặc không / import a year, all or nothing')
    .option(by, byHelp)
    .action(holidaysImport);
  holidays
    .command('list')
    .description(
      'holidays list [--year Y] [--json]: các mục đã lưu, người nhập, văn bản nguồn / stored entries, who, source',
    )
    // --year and --json are the parent's (commander gives them to `holidays` wherever they stand), so this
    // command's own help would not list them: it says so.
    .addHelpText(
      'after',
      '\nTùy chọn / options (của `holidays`, đặt trước hay sau `list` đều được):\n' +
        "  --year <year>  chỉ các mục của năm này / only that year's entries\n" +
        '  --json         in JSON / print JSON',
    )
    .action((_opts: unknown, cmd: Command) => holidaysList(cmd.parent?.opts() ?? {}));
  holidays
    .command('retarget')
    .description(
      'dời tiếp các hạn đang chạy của những thay đổi lịch nghỉ chưa dời xong / finish re-targeting after a failure',
    )
    .option(by, byHelp)
    .action(holidaysRetarget);

  const directory = program
    .command('directory')
    .description('danh bạ cơ quan và người liên hệ của tỉnh / the agency directory');
  directory
    .command('import <file>')
    .description('nhập danh bạ từ CSV hoặc XLSX, tất cả hoặc không / import a CSV or XLSX list, all or nothing')
    .option(by, byHelp)
    .action(directoryImport);
  directory
    .command('export')
    .description('xuất danh bạ ra XLSX hoặc CSV (theo đuôi tệp) / export to XLSX or CSV (by extension)')
    .option('--out <file>', 'tệp kết quả / output file')
    .action(directoryExport);
  directory
    .command('list')
    .description('liệt kê danh bạ / list the directory')
    .option('--json', 'in JSON / print JSON')
    .action(directoryList);
  // Reorganisations: a preview unless --yes, which carries out exactly the list the preview shows.
  const effective = [
    '--effective <YYYY-MM-DD>',
    'ngày hiệu lực, hôm nay hoặc trước đó (mặc định: hôm nay) / effective date, today or earlier (default: today)',
  ] as const;
  const yes = ['--yes', 'thực hiện; không có: chỉ xem trước / carry it out (default: preview only)'] as const;
  directory
    .command('rename')
    .description('đổi tên một cơ quan / rename an agency')
    .option('--code <code>', 'mã cơ quan / agency code')
    .option('--name <name>', 'tên mới / new name')
    .option(...effective)
    .option(...yes)
    .option('--json', 'in JSON / print JSON')
    .option(by, byHelp)
    .action(directoryRename);
  directory
    .command('merge')
    .description(
      'hợp nhất các cơ quan vào cơ quan kế thừa; nghĩa vụ đang mở chuyển sang cơ quan kế thừa / merge agencies into a successor',
    )
    .option('--sources <codes>', 'mã các cơ quan được hợp nhất, cách nhau dấu phẩy / merged agencies (A,B)')
    .option('--successor <code>', 'mã cơ quan kế thừa, đã có trong danh bạ / successor, already in the directory')
    .option(...effective)
    .option(...yes)
    .option('--json', 'in JSON / print JSON')
    .option(by, byHelp)
    .action(directoryMerge);
  directory
    .command('retire')
    .description('giải thể một cơ quan / retire an agency')
    .option('--code <code>', 'mã cơ quan / agency code')
    .option(...effective)
    .option(...yes)
    .option('--json', 'in JSON / print JSON')
    .option(by, byHelp)
    .action(directoryRetire);

  program
    .command('webhooks')
    .description('địa chỉ nhận báo cáo gửi và thư trả về / delivery-report and bounce webhook addresses')
    .option('--json', 'in JSON / print JSON')
    .action(webhooksCommand);

  program
    .command('status')
    .description('tình trạng từng cơ quan × nghĩa vụ / each agency × obligation')
    .requiredOption('--plan <code>', 'mã kế hoạch / plan code')
    .option('--year <year>', 'năm / year', yearArg('--year'))
    .option('--json', 'in JSON / print JSON')
    .action(statusCommand);

  program
    .command('submit')
    .description('ghi nhận báo cáo nhận ngoài ứng dụng / record a submission received outside the web app')
    .requiredOption('--plan <code>', 'mã kế hoạch / plan code')
    .requiredOption('--year <year>', 'năm / year', yearArg('--year'))
    .requiredOption('--obligation <id>', 'mã nghĩa vụ / obligation id')
    .requiredOption('--agency <code>', 'mã cơ quan / agency code')
    .option('--note <text>', 'ghi chú / note')
    .option('--paper', 'nhận bản giấy / received on paper')
    .option(by, byHelp)
    .action(submitCommand);

  program
    .command('report')
    .description('lập báo cáo tổng hợp / compile the consolidated report')
    .option('--plan <code>', 'mã kế hoạch / plan code')
    .option('--year <year>', 'năm / year')
    .option('--format <format>', 'xlsx, docx hoặc csv / xlsx, docx or csv')
    .option('--out <file>', 'tệp kết quả / output file')
    .option('--obligation <id>', 'chỉ một nghĩa vụ / one obligation only')
    .option(by, byHelp)
    .action(reportCommand);

  const user = program.command('user').description('tài khoản điều phối / coordinator accounts');
  user
    .command('add')
    .description('tạo tài khoản / create an account')
    .requiredOption('--email <email>', 'email đăng nhập / sign-in email')
    .requiredOption('--role <role>', 'admin | coordinator | viewer')
    .option('--password <password>', 'mật khẩu (bỏ trống: tạo ngẫu nhiên) / password (default: generated)')
    .option('--plans <codes>', 'kế hoạch điều phối, cách nhau dấu phẩy / plans a coordinator acts on (A,B)')
    .option(by, byHelp)
    .action(userAdd);
  user
    .command('passwd')
    .description('đặt mật khẩu mới, kết thúc các phiên / set a new password, end the sessions')
    .requiredOption('--email <email>', 'email đăng nhập / sign-in email')
    .option('--password <password>', 'mật khẩu mới (bỏ trống: tạo ngẫu nhiên) / new password (default: generated)')
    .option(by, byHelp)
    .action(userPasswd);
  user
    .command('disable')
    .description('khóa tài khoản, kết thúc các phiên / disable the account, end its sessions')
    .requiredOption('--email <email>', 'email đăng nhập / sign-in email')
    .option(by, byHelp)
    .action(userDisable);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0
        ? 0
        : err.code === 'commander.helpDisplayed' || err.code === 'commander.version'
          ? 0
          : 1;
    }
    if (err instanceof CliError) {
      console.error(err.message);
      return err.exitCode;
    }
    if (err instanceof StartupError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof ConfigError) {
      for (const p of err.problems) console.error(p);
      return 1;
    }
    console.error(`Lỗi / error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    if (debug && err instanceof Error) console.error(err.stack);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
