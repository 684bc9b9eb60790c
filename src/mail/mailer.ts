// Placeholder type; the mailer is built in its own change.
export interface Mailer {
  send(message: { to: string; subject: string; text: string; messageId: string }): Promise<void>;
}
