import { describeRejection, LabConfigError } from '../config/lab-config-error';

/** Where the app writes its text. */
export type AppOutputWrite = (text: string) => void;

/**
 * What the cdktf app (main.ts) says to the person running `cdktf synth`, `deploy` or `destroy`.
 *
 * Everything goes to stdout, one line per message: cdktf-cli prints the app's stdout as it is, but
 * labels every chunk of its stderr `[ERROR]` (see `exec` and `shell` in @cdktf/commons' util.ts,
 * https://github.com/hashicorp/terraform-cdk/blob/main/packages/%40cdktf/commons/src/util.ts), so a
 * warning written to stderr reads as an error. The app's stdout carries nothing a program reads:
 * the stacks go to files.
 */
export class AppOutput {
  private readonly write: AppOutputWrite;

  /** @param write receives each line with its newline; by default process.stdout */
  constructor(write: AppOutputWrite = (text) => void process.stdout.write(text)) {
    this.write = write;
  }

  /** Information the instructor may want (which configuration was used, ...), printed as it is. */
  public notice(message: string): void {
    this.lines(message);
  }

  /** Something that works but deserves attention; printed as `WARNING: <message>`. */
  public warning(message: string): void {
    this.lines(`WARNING: ${message}`);
  }

  /**
   * The configuration was rejected: the `configuration:` line every command starts with (which
   * configuration, and that it was rejected), then its heading and one line per problem, once each.
   * The caller exits non-zero; cdktf-cli then adds only its own three lines (which command failed,
   * the exit code).
   */
  public rejected(error: LabConfigError): void {
    this.lines(`${describeRejection(error)}\n${error.message}`);
  }

  private lines(text: string): void {
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
