/**
 * Yahoo Finance headline RSS (keyless):
 *   GET https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL&region=US&lang=en-US
 * answers RSS 2.0 XML: `<rss><channel><title/>...<item><title/><link/><description/><guid
 * isPermaLink="false"/><pubDate>RFC-822 date</pubDate></item>...</channel></rss>`. An unknown
 * symbol answers a channel without items. The page body kept in the lake is the XML text; this
 * schema parses it (fast-xml-parser, no entity expansion beyond XML's own, no DTDs).
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const textNode = z
  .union([z.string(), z.number(), z.object({ '#text': z.union([z.string(), z.number()]).optional() }).loose()])
  .transform((v) => (typeof v === 'object' ? (v['#text'] === undefined ? '' : String(v['#text'])) : String(v)));

/** One `<item>`; every element is optional in RSS 2.0 (title or description must be present). */
export const YahooRssItemWire = z
  .object({
    title: textNode.optional(),
    link: textNode.optional(),
    description: textNode.optional(),
    guid: textNode.optional(),
    pubDate: textNode.optional(),
  })
  .loose();
export type YahooRssItemWire = z.infer<typeof YahooRssItemWire>;

const parser = new XMLParser({
  ignoreAttributes: false,
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item',
});

/** The XML text of one answer, parsed to `{ items }`; not RSS (or not XML) fails the parse. */
export const YahooRssWire = z
  .string()
  .transform((xml, ctx) => {
    try {
      const doc = parser.parse(xml, true) as { rss?: { channel?: { item?: unknown[] } | '' } };
      if (doc.rss === undefined) throw new Error('no <rss> root element');
      const channel = doc.rss.channel;
      return { items: typeof channel === 'object' ? (channel.item ?? []) : [] };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not an RSS document: ${(error as Error).message}` });
      return z.NEVER;
    }
  })
  .pipe(z.object({ items: z.array(z.unknown()) }));
export type YahooRssWire = z.infer<typeof YahooRssWire>;
