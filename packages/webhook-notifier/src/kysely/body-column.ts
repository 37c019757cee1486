import { type RawBuilder, sql } from 'kysely';

/**
 * The bodies of a batch as one binary parameter and their places in it, and the SQL that cuts
 * row `ord`'s body back out. A `bytea[]` parameter would travel as hex text: twice the bytes,
 * encoded in JavaScript and decoded again by the server; one `Buffer` goes as it is.
 *
 * @example
 * const { starts, lengths, body } = bodyColumn(chunk.map((input) => input.message.body));
 * sql`select ${body(sql`start`, sql`length`)} from unnest(${starts}::int4[], ${lengths}::int4[]) as b(start, length)`;
 */
export function bodyColumn(bodies: readonly Uint8Array[]) {
  const starts: number[] = [];
  const lengths: number[] = [];
  let at = 1;
  for (const body of bodies) {
    starts.push(at);
    lengths.push(body.byteLength);
    at += body.byteLength;
  }
  const blob = Buffer.concat(bodies);
  return {
    starts,
    lengths,
    body: (start: RawBuilder<unknown>, length: RawBuilder<unknown>) =>
      sql<Uint8Array>`substring(${blob}::bytea from ${start} for ${length})`,
  };
}
