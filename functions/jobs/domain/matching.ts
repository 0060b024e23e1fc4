import { regionPrefix } from '../../../shared/region.js';
import { normalizeSkill } from '../../../shared/trades.js';
import { yuan } from './pay.js';
import { spanOf } from '../../../shared/wall-clock.js';
import { overlapMinutes, weekMinutes, weekOf } from './schedule.js';
import { jobPayPerHour, shiftOf, type Job } from './job.js';
import type { SeekerProfile } from './seeker.js';

export type MatchFactor = 'trade' | 'skills' | 'region' | 'schedule' | 'pay';

/** Why a job and a seeker match: the factor, the points it gave, and a sentence for people. */
export interface Reason {
  factor: MatchFactor;
  points: number;
  text: string;
}

export interface MatchResult {
  /** 0-100: trade 35, skills 15 (full marks take certified skills), region 20, schedule 20, pay 10. */
  score: number;
  reasons: Reason[];
}

export type MatchableJob = Pick<Job, 'id' | 'trade' | 'skills' | 'regionCode' | 'schedule' | 'pay'>;
export type MatchableSeeker = Pick<SeekerProfile, 'trades' | 'skills' | 'regionCodes' | 'days' | 'windows' | 'payMinFen'> & Partial<Pick<SeekerProfile, 'certifiedSkills'>>;

/**
 * Points for skills, of 15 shared among the skills the job asks for: a skill a course
 * certificate vouches for earns its share in full, one the seeker only declares two thirds of it.
 * The reason names the shared skills and, apart, the certified ones (`（证书：叉车操作）`).
 */
export function skillsFit(wanted: readonly string[], seeker: Pick<MatchableSeeker, 'skills' | 'certifiedSkills'>): { points: number; text: string } {
  if (wanted.length === 0) return { points: 15, text: '岗位无特定技能要求' };
  const certified = new Set((seeker.certifiedSkills ?? []).map((held) => normalizeSkill(held.skill)));
  const declared = new Set(seeker.skills.map(normalizeSkill));
  const shared = wanted.filter((skill) => certified.has(normalizeSkill(skill)) || declared.has(normalizeSkill(skill)));
  const vouched = shared.filter((skill) => certified.has(normalizeSkill(skill)));
  const points = Math.round((15 * vouched.length + 10 * (shared.length - vouched.length)) / wanted.length);
  const named = shared.length ? `：${shared.join('、')}` : '';
  return { points, text: `技能重合 ${shared.length}/${wanted.length}${named}${vouched.length ? `（证书：${vouched.join('、')}）` : ''}` };
}

/** How near a job is to the closest area a seeker named, by code prefix; undefined when in another city. */
export function regionFit(jobRegion: string, seekerRegions: readonly string[]): { points: number; text: string } | undefined {
  const fits = seekerRegions.map((code): { points: number; text: string } | undefined => {
    const area = regionPrefix(code);
    if (jobRegion.startsWith(area)) {
      if (area.length === 6) return { points: 20, text: `同区县：${jobRegion}` };
      if (area.length === 4) return { points: 16, text: `在您选择的城市内：${area}` };
      return { points: 10, text: `在您选择的全省范围内：${area}` };
    }
    if (jobRegion.slice(0, 4) === code.slice(0, 4)) return { points: 12, text: `同城邻近区县：${jobRegion}（您选择 ${code}）` };
    return undefined;
  });
  return fits.reduce<{ points: number; text: string } | undefined>((best, fit) => (fit && (!best || fit.points > best.points) ? fit : best), undefined);
}

/** Hours a week the job's shifts and the seeker's free time share. */
export function scheduleOverlapHours(job: Pick<Job, 'schedule'>, seeker: Pick<SeekerProfile, 'days' | 'windows'>): number {
  const jobWeek = weekOf(job.schedule.days, [shiftOf(job)]);
  const free = seeker.windows.length > 0 ? seeker.windows.map((w) => spanOf(w.start, w.end)) : [{ start: 0, end: 1440 }];
  return overlapMinutes(jobWeek, weekOf(seeker.days, free)) / 60;
}

/**
 * Whether a job suits a seeker, how well, and why. No match (undefined) when the trade is not
 * one the seeker looks for, the job is in another city, no working hour falls in the seeker's
 * free time, or its hourly pay is below the seeker's minimum. A piece rate cannot be compared
 * with a minimum: it matches, with fewer points, and the reason says so.
 */
export function matchJob(job: MatchableJob, seeker: MatchableSeeker): MatchResult | undefined {
  if (!seeker.trades.includes(job.trade)) return undefined;
  const region = regionFit(job.regionCode, seeker.regionCodes);
  if (!region) return undefined;
  const overlap = scheduleOverlapHours(job, seeker);
  if (overlap <= 0) return undefined;
  const perHour = jobPayPerHour(job);
  if (seeker.payMinFen !== null && perHour !== null && perHour < seeker.payMinFen) return undefined;

  const reasons: Reason[] = [{ factor: 'trade', points: 35, text: `工种相符：${job.trade}` }];
  reasons.push({ factor: 'skills', ...skillsFit(job.skills, seeker) });
  reasons.push({ factor: 'region', ...region });
  const jobHours = weekMinutes(weekOf(job.schedule.days, [shiftOf(job)])) / 60;
  reasons.push({ factor: 'schedule', points: Math.round(20 * Math.min(1, overlap / jobHours)), text: `每周与您的空闲时段重合 ${round1(overlap)} 小时（岗位每周 ${round1(jobHours)} 小时）` });
  if (perHour === null) reasons.push({ factor: 'pay', points: 5, text: '计件工资，无法与期望时薪比较' });
  else if (seeker.payMinFen === null) reasons.push({ factor: 'pay', points: 10, text: `折合时薪 ${yuan(perHour)}` });
  else reasons.push({ factor: 'pay', points: 10, text: `折合时薪 ${yuan(perHour)}，不低于您的期望 ${yuan(seeker.payMinFen)}` });
  return { score: reasons.reduce((sum, reason) => sum + reason.points, 0), reasons };
}

const round1 = (hours: number) => Math.round(hours * 10) / 10;

/** Best first; equal scores by id, so rankings are stable. */
export const bestFirst = <T extends { score: number; id: string }>(a: T, b: T): number => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The keys seekers are indexed by for matching: trade and city (`delivery#C#3502`), or trade and
 * province for a province-wide area (`delivery#P#35`). A job looks only at its trade in its own
 * city and province, so a posting never meets every seeker of the province.
 */
export function seekerIndexKeys(seeker: Pick<SeekerProfile, 'trades' | 'regionCodes'>): string[] {
  const areas = new Set(seeker.regionCodes.map((code) => (regionPrefix(code).length === 2 ? `P#${code.slice(0, 2)}` : `C#${code.slice(0, 4)}`)));
  return seeker.trades.flatMap((trade) => [...areas].map((area) => `${trade}#${area}`));
}

/** The search index partitions a seeker's candidate jobs are under: each trade in each of their cities, or province-wide. */
export function candidateJobPartitions(seeker: Pick<SeekerProfile, 'trades' | 'regionCodes'>): string[] {
  const areas = new Set(seeker.regionCodes.map((code) => (regionPrefix(code).length === 2 ? `R2#${code.slice(0, 2)}` : `R4#${code.slice(0, 4)}`)));
  return seeker.trades.flatMap((trade) => [...areas].map((area) => `T#${trade}#${area}`));
}

/** The seeker index keys a job's candidates are under. */
export const candidateKeysFor = (job: Pick<Job, 'trade' | 'regionCode'>): string[] => [
  `${job.trade}#C#${job.regionCode.slice(0, 4)}`,
  `${job.trade}#P#${job.regionCode.slice(0, 2)}`,
];
