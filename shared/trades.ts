import { z } from 'zod';

/**
 * The trades gig work is posted and taught in (api.md, Jobs): job postings, job-seeker profiles
 * and courses name the same list, so a course's trade is one a seeker can look for.
 */
export const TradeSchema = z.enum([
  'delivery', 'courier_sorting', 'ride_hailing', 'freight', 'domestic_service', 'elderly_care', 'cleaning',
  'painting', 'construction', 'electrician', 'livestream_sales', 'catering', 'retail', 'other',
]);
export type Trade = z.infer<typeof TradeSchema>;

/** Skills as postings ask for them, seekers declare them and courses certify them: free text, compared case-insensitively. */
export const SkillsSchema = z.array(z.string().trim().min(1).max(30)).max(20);

/** How two skills are compared: trimmed, in lower case (`' Map '` is `map`). */
export const normalizeSkill = (skill: string): string => skill.trim().toLowerCase();
