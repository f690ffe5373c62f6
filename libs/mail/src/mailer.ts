/**
 * Mail the platform sends (identity: an organisation's confirmation code; community: the daily digest).
 * Through SMTP when SMTP_URL is set; in development each message is written as an `.eml` file into
 * WEOP_MAILBOX_DIR (`.data/mailbox` by default, named in the README), where a person or a test can read
 * it. Message bodies and addresses are never logged.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

/** The settings a service that sends mail reads (the same names in every service). */
export interface MailSettings {
  SMTP_URL?: string;
  MAIL_FROM: string;
  WEOP_MAILBOX_DIR: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: MailSettings) {
    this.transport = settings.SMTP_URL
      ? nodemailer.createTransport(settings.SMTP_URL)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: Mail): Promise<void> {
    const info = (await this.transport.sendMail({ from: this.settings.MAIL_FROM, ...mail })) as { message?: Buffer };
    if (this.settings.SMTP_URL || !info.message) return;
    const dir = resolve(this.settings.WEOP_MAILBOX_DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}.eml`), info.message, { mode: 0o600 });
  }
}
