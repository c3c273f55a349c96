import type { AccessUnitSource } from '../passthrough/H264AccessUnit.ts';
import type { FrameFeed } from './FrameFeed.ts';

/**
 * A frame feed whose video already is H.264 (a passthrough camera): its access units can be
 * recorded by stream copy, with no decode and no encode. Its frames are decoded only on demand.
 */
export interface H264Feed extends FrameFeed {
  readonly accessUnits: AccessUnitSource;
}

export function isH264Feed(feed: FrameFeed): feed is H264Feed {
  return 'accessUnits' in feed && (feed as Partial<H264Feed>).accessUnits !== undefined;
}
