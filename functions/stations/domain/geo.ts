import geohash from 'ngeohash';
import type { Location } from './station.js';

/**
 * Nearest-first search on geohash cells. A station is indexed under the 4-character cell it lies
 * in (about 39 × 20 km: a city's stations in a few partitions) with its 9-character geohash as
 * the sort key, so any finer cell, and any run of cells consecutive in geohash order, is a key
 * range within one partition. A search covers the circle with fine cells, queries their runs,
 * and keeps what lies within the radius by great-circle distance.
 */
export const INDEXED_CELL_LENGTH = 4;
const STATION_HASH_LENGTH = 9;

export const MAX_RADIUS_M = 20_000;
export const DEFAULT_RADIUS_M = 3_000;

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE_LAT = 111_320;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Location, b: Location): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Where a station is indexed: its cell (the GSI partition) and its full geohash (the sort key, made unique by the id). */
export function geoKeysOf(location: Location, id: string): { geoCell: string; geoKey: string } {
  const hash = geohash.encode(location.lat, location.lng, STATION_HASH_LENGTH);
  return { geoCell: hash.slice(0, INDEXED_CELL_LENGTH), geoKey: `${hash}#${id}` };
}

/** Cell sizes (metres, at the equator) of geohash lengths 4-7: longitude spans shrink with the latitude's cosine. */
const CELL_SIZE_M: Record<number, { lat: number; lng: number }> = {
  7: { lat: 153, lng: 153 },
  6: { lat: 610, lng: 1_220 },
  5: { lat: 4_890, lng: 4_890 },
  4: { lat: 19_550, lng: 39_100 },
};

/** Cells a covering may list before a coarser length is used: enough to hug a circle, few enough to sort. */
const MAX_COVERING_CELLS = 256;
/** Queries a search may make, in parallel: runs of cells are merged until no more than this remain. */
export const MAX_RANGE_QUERIES = 8;

/** A run of consecutive cells of one length (in geohash order) within one indexed partition: one Query, `geoKey BETWEEN from AND to…`. */
export interface CellRange {
  partition: string;
  /** The first and last cell of the run, inclusive. */
  from: string;
  to: string;
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const ordinal = (cell: string) => [...cell].reduce((n, char) => n * 32 + BASE32.indexOf(char), 0);

/**
 * What a nearest-first search reads: the cells the circle of `radiusM` around `center` reaches
 * into, of the finest geohash length that needs no more than 256 of them, as runs of cells
 * that are consecutive in geohash order (a geohash is a Z-order curve, so a run is one key
 * range of a partition). Where more than eight runs remain, the two closest runs of a partition
 * are merged, reading the few cells between them, until eight remain or only runs of different
 * partitions are left. So a 3 km search reads the 1.2 × 0.6 km cells around the circle (about
 * 1.5 times its area) in eight Queries or fewer, where whole 4.9 km cells read about four times it.
 */
export function coveringRanges(center: Location, radiusM: number): CellRange[] {
  const dLat = radiusM / METRES_PER_DEGREE_LAT;
  const cosLat = Math.max(0.01, Math.cos((center.lat * Math.PI) / 180));
  const dLng = radiusM / (METRES_PER_DEGREE_LAT * cosLat);
  const estimate = (length: number) => Math.ceil((2 * radiusM) / CELL_SIZE_M[length]!.lat + 1) * Math.ceil((2 * radiusM) / (CELL_SIZE_M[length]!.lng * cosLat) + 1);
  const length = [7, 6, 5].find((candidate) => estimate(candidate) <= MAX_COVERING_CELLS) ?? INDEXED_CELL_LENGTH;
  const cells = geohash
    .bboxes(center.lat - dLat, center.lng - dLng, center.lat + dLat, center.lng + dLng, length)
    .filter((cell) => distanceM(center, nearestPointOf(cell, center)) <= radiusM)
    .map((cell) => ({ cell, ordinal: ordinal(cell) }))
    .sort((a, b) => a.ordinal - b.ordinal);
  const runs: (CellRange & { first: number; last: number })[] = [];
  for (const { cell, ordinal: n } of cells) {
    const partition = cell.slice(0, INDEXED_CELL_LENGTH);
    const last = runs.at(-1);
    if (last && last.partition === partition && last.last === n - 1) Object.assign(last, { to: cell, last: n });
    else runs.push({ partition, from: cell, to: cell, first: n, last: n });
  }
  while (runs.length > MAX_RANGE_QUERIES) {
    let closest = -1;
    for (let i = 0; i + 1 < runs.length; i++) {
      if (runs[i]!.partition !== runs[i + 1]!.partition) continue;
      if (closest < 0 || runs[i + 1]!.first - runs[i]!.last < runs[closest + 1]!.first - runs[closest]!.last) closest = i;
    }
    if (closest < 0) break;
    const [next] = runs.splice(closest + 1, 1);
    Object.assign(runs[closest]!, { to: next!.to, last: next!.last });
  }
  return runs.map(({ partition, from, to }) => ({ partition, from, to }));
}

/** Whether a station's index sort key lies in a range. */
export const inRange = (geoKey: string, range: CellRange): boolean => geoKey >= range.from && geoKey <= rangeEndKey(range);

/** The largest sort key of a range: its last cell followed by a character above every geohash character and `#`. */
export const rangeEndKey = (range: CellRange): string => `${range.to}~`;

/** The point of a cell nearest to `point` (the point itself when inside it). */
function nearestPointOf(cell: string, point: Location): Location {
  const [minLat, minLng, maxLat, maxLng] = geohash.decode_bbox(cell);
  return { lat: Math.min(Math.max(point.lat, minLat), maxLat), lng: Math.min(Math.max(point.lng, minLng), maxLng) };
}
