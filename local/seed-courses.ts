/**
 * Demo data of the courses service: courses of 厦门's unions, a skills course next week (叉车操作),
 * a degree course online (学历提升), a traffic-safety class of 湖里, and a childcare course under
 * way that members can still join and staff can complete (certificates need a course begun; its
 * skill 育婴 is one the seeded 育婴师 posting asks for). Seeded through the public API.
 */
import { createOnceOrgKnown } from './seed-jobs.js';

type Org = 'xiamen' | 'siming' | 'huli';

const HOUR = 3600_000;

/** The courses, with their start and end in hours from now. */
const courses: [Org, Record<string, unknown>, startHours: number, endHours: number][] = [
  ['siming', { title: '叉车操作技能培训', kind: 'skills', trade: 'courier_sorting', skills: ['叉车操作'], seats: 30, online: false, location: { regionCode: '350203', address: '厦门市思明区工人文化宫三楼实训室' } }, 7 * 24, 7 * 24 + 8],
  ['xiamen', { title: '学历提升（大专）网络课程', kind: 'degree', skills: [], seats: 200, online: true }, 14 * 24, 194 * 24],
  ['huli', { title: '电动车交通安全课', kind: 'safety', trade: 'delivery', skills: ['交通安全'], seats: 40, online: false, location: { regionCode: '350206', address: '厦门市湖里区万达广场骑手驿站' } }, 3 * 24, 3 * 24 + 2],
  ['siming', { title: '育婴员技能培训（第一期）', kind: 'skills', trade: 'domestic_service', skills: ['育婴', '婴幼儿照护'], seats: 30, online: false, location: { regionCode: '350203', address: '厦门市思明区莲前街道社区服务中心' } }, -1, 30 * 24],
];

export async function seedCourses(apiUrl: string, input: { staffToken: string; orgIds: Record<Org, string>; now?: Date }): Promise<string[]> {
  const headers = { authorization: `Bearer ${input.staffToken}` };
  const now = (input.now ?? new Date()).getTime();
  const ids: string[] = [];
  for (const [org, course, startHours, endHours] of courses) {
    const body = { orgId: input.orgIds[org], ...course, startsAt: new Date(now + startHours * HOUR).toISOString(), endsAt: new Date(now + endHours * HOUR).toISOString() };
    ids.push(await createOnceOrgKnown(apiUrl, headers, '/v1/courses', body, `course ${String(course.title)}`));
  }
  return ids;
}
