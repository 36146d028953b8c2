import type { Response } from 'express';
import type { Reply } from '../application/debtors.application';

/** A use case's reply as the HTTP answer: its status code on the response, its body returned to Nest. */
export function send<T>(res: Response, reply: Reply<T>): T {
  res.status(reply.statusCode);
  return reply.body;
}
