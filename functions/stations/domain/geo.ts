import geohash from 'ngeohash';
import type { Location } from './station.js';

/**
 * Nearest-first search on geohash cells. A station is indexed under the 4-character cell it lies
 * in (about 39 × 20 km: a city's stations in a few partitions) with its 9-character geohash as
 * the sort key, so any finer cell is a `begins_with` within one partition. A search covers the
 * circle's bounding box with cells as small as the radius allows, queries each, and keeps what
 * lies within the radius by great-circle distance.
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

/** Cell side lengths (the shorter one, metres) of geohash lengths 4-6. */
const CELL_SIDE_M: [length: number, side: number][] = [
  [6, 610],
  [5, 4_890],
  [4, 19_500],
];

/**
 * The cells whose union covers the circle of `radiusM` around `center`: of the longest geohash
 * whose cells are no smaller than the radius (so the bounding box spans three cells a side at
 * most), the ones the circle reaches into; a corner cell of the box the circle misses is not
 * queried. (Finer cells with a nearest-first walk that stops early were measured slower: many
 * more queries where stations are few, no fewer reads where they are many.)
 */
export function coveringCells(center: Location, radiusM: number): string[] {
  const length = CELL_SIDE_M.find(([, side]) => side >= radiusM)?.[0] ?? INDEXED_CELL_LENGTH;
  const dLat = radiusM / METRES_PER_DEGREE_LAT;
  const dLng = radiusM / (METRES_PER_DEGREE_LAT * Math.max(0.01, Math.cos((center.lat * Math.PI) / 180)));
  const cells = geohash.bboxes(center.lat - dLat, center.lng - dLng, center.lat + dLat, center.lng + dLng, length);
  return cells.filter((cell) => distanceM(center, nearestPointOf(cell, center)) <= radiusM);
}

/** The point of a cell nearest to `point` (the point itself when inside it). */
function nearestPointOf(cell: string, point: Location): Location {
  const [minLat, minLng, maxLat, maxLng] = geohash.decode_bbox(cell);
  return { lat: Math.min(Math.max(point.lat, minLat), maxLat), lng: Math.min(Math.max(point.lng, minLng), maxLng) };
}
