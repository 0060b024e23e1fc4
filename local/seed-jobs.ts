/**
 * Demo data of the jobs service (零工市场, 招聘会): the demo employer's postings and an upcoming
 * fair of 思明区总工会 with the employer's booth, seeded through the public API.
 */
const DAY = 86_400_000;

/** One JSON request of the seed, with the caller's credential headers. */
export async function send(apiUrl: string, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${apiUrl}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * POSTs what a service creates under an org it learns of by event: a 404 (the org not known
 * there yet) is retried for up to 10 s. Returns the created id.
 */
export async function createOnceOrgKnown(apiUrl: string, headers: Record<string, string>, path: string, body: Record<string, unknown>, what: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const response = await send(apiUrl, headers, 'POST', path, body);
    if (response.status === 201) return ((await response.json()) as { id: string }).id;
    if (response.status !== 404 || attempt >= 100) throw new Error(`Seeding ${what} failed with ${response.status}: ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function call(apiUrl: string, headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const response = await send(apiUrl, headers, method, path, body);
  const text = await response.text();
  if (!response.ok) throw new Error(`Seeding ${method} ${path} failed with ${response.status}: ${text}`);
  return JSON.parse(text);
}

const postings = (expiresAt: string) => [
  {
    title: '育婴师（上午班）', trade: 'domestic_service', skills: ['育婴', '早教'], headcount: 3, pay: { amountFen: 3500, unit: 'hour' },
    schedule: { startDate: '2026-12-01', days: [1, 3, 5], start: '08:00', end: '11:00' }, regionCode: '350203', address: '厦门市思明区莲前西路', expiresAt,
  },
  {
    title: '写字楼夜间保洁', trade: 'cleaning', skills: ['保洁'], headcount: 6, pay: { amountFen: 18_000, unit: 'day' },
    schedule: { startDate: '2026-12-01', days: [1, 2, 3, 4, 5], start: '22:00', end: '04:00' }, regionCode: '350206', address: '厦门市湖里区金湖路', expiresAt,
  },
  {
    title: '社区养老护理员', trade: 'elderly_care', skills: ['护理证'], headcount: 2, pay: { amountFen: 560_000, unit: 'month' },
    schedule: { startDate: '2026-12-01', days: [1, 2, 3, 4, 5, 6], start: '08:30', end: '17:30' }, regionCode: '350203', address: '厦门市思明区莲前街道社区服务中心', expiresAt,
  },
];

/**
 * Posts the demo employer's jobs and schedules an on-site fair next week with its booth. The
 * jobs service learns of orgs by event, so the fair is retried until it knows the org.
 */
export async function seedJobs(apiUrl: string, input: { employerKey: string; staffToken: string; orgId: string }): Promise<{ jobIds: string[]; fairId: string }> {
  const employer = { 'x-api-key': input.employerKey };
  const staff = { authorization: `Bearer ${input.staffToken}` };
  const expiresAt = new Date(Date.now() + 60 * DAY).toISOString();
  const jobIds: string[] = [];
  for (const posting of postings(expiresAt)) jobIds.push((await call(apiUrl, employer, 'POST', '/v1/jobs', posting)).id);
  const startsAt = new Date(Date.now() + 7 * DAY);
  const fair = { orgId: input.orgId, title: '思明区新就业形态劳动者专场招聘会', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 6 * 3600_000).toISOString(), venue: '思明区工人文化宫', online: false };
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await send(apiUrl, staff, 'POST', '/v1/fairs', fair);
    if (response.status === 201) {
      const { id: fairId } = (await response.json()) as { id: string };
      await call(apiUrl, employer, 'POST', `/v1/fairs/${fairId}/booths`, { jobIds });
      return { jobIds, fairId };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The jobs service did not learn of the demo orgs within 10 s');
}
