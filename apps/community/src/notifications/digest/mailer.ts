/**
 * Mail community sends (the daily digest), with identity's settings and behaviour: through SMTP when
 * SMTP_URL is set; in development each message is written as an `.eml` file into WEOP_MAILBOX_DIR
 * (`.data/mailbox`, named in the README). Message bodies and addresses are never logged.
 * (Identity has the same twenty lines in `apps/identity/src/mail/mailer.ts`; apps cannot share code,
 * and a mail lib is worth making when a third service sends mail.)
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { CommunityConfig } from '../../community.config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

@Injectable()
export class Mailer {
  private readonly transport: Transporter;

  constructor(@Inject(CommunityConfig) private readonly config: CommunityConfig) {
    this.transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: Mail): Promise<void> {
    const info = (await this.transport.sendMail({ from: this.config.MAIL_FROM, ...mail })) as { message?: Buffer };
    if (this.config.SMTP_URL || !info.message) return;
    const dir = resolve(this.config.WEOP_MAILBOX_DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}.eml`), info.message, { mode: 0o600 });
  }
}
