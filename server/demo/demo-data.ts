/** Fixed inputs of the demo workspace. Phone numbers come from ranges reserved for fiction (Ofcom 020 7946 0xxx, NANP 555-01xx). */
export const DEMO_PASSWORD = 'switchboard-demo';

export const DEMO_CALENDARS = [
  {
    id: 'cal-london',
    name: 'London office',
    timeZone: 'Europe/London',
    weeklyHours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '08:00', end: '18:00' }]])),
    holidays: ['2026-12-25', '2026-12-28', '2027-01-01'],
  },
  {
    id: 'cal-new-york',
    name: 'New York office (split shift)',
    timeZone: 'America/New_York',
    weeklyHours: Object.fromEntries(
      [1, 2, 3, 4, 5].map((d) => [d, [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '19:00' }]]),
    ),
    holidays: ['2026-11-26', '2026-12-25', '2027-01-01'],
  },
] as const;

export const DEMO_TEAMS = [
  { id: 'team-technical', name: 'Technical Support', calendarId: 'cal-london', categoryIds: ['technical', 'bug-report', 'how-to'] },
  { id: 'team-billing', name: 'Billing', calendarId: 'cal-london', categoryIds: ['billing'] },
  { id: 'team-care', name: 'Customer Care', calendarId: 'cal-new-york', categoryIds: ['general-inquiry', 'feature-request'] },
] as const;

export const DEMO_USERS = [
  { email: 'admin@demo.switchboard', name: 'Alex Admin', role: 'admin', teamIds: [] },
  { email: 'sam.supervisor@demo.switchboard', name: 'Sam Supervisor', role: 'supervisor', teamIds: ['team-technical', 'team-billing'] },
  { email: 'casey.supervisor@demo.switchboard', name: 'Casey Supervisor', role: 'supervisor', teamIds: ['team-care'] },
  { email: 'ada@demo.switchboard', name: 'Ada Agent', role: 'agent', teamIds: ['team-technical'], skills: ['networking'] },
  { email: 'ben@demo.switchboard', name: 'Ben Agent', role: 'agent', teamIds: ['team-technical'], skills: ['spanish'] },
  { email: 'bea@demo.switchboard', name: 'Bea Agent', role: 'agent', teamIds: ['team-billing'], skills: ['refunds'] },
  { email: 'carl@demo.switchboard', name: 'Carl Agent', role: 'agent', teamIds: ['team-care'], skills: [] },
  { email: 'cleo@demo.switchboard', name: 'Cleo Agent', role: 'agent', teamIds: ['team-care', 'team-billing'], skills: ['spanish'] },
] as const;

export const FIRST_NAMES = ['Olivia', 'Noah', 'Amelia', 'Liam', 'Isla', 'Mateo', 'Ava', 'Yusuf', 'Mia', 'Kenji', 'Zara', 'Leo', 'Priya', 'Omar', 'Freya', 'Diego', 'Chloe', 'Arjun', 'Grace', 'Tomás'];
export const LAST_NAMES = ['Smith', 'Okafor', 'García', 'Nguyen', 'Müller', 'Patel', 'Kowalski', 'Brown', 'Rossi', 'Haddad', 'Jones', 'Silva', 'Kim', 'Evans', 'Novak', 'Dubois', 'Ali', 'Walsh', 'Ivanova', 'Lee'];
export const COMPANIES = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc', 'Tailspin Toys', 'Wide World Importers', null, null, null];

export const SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  technical: ['Cannot log in after password reset', 'Router drops connection every hour', 'App crashes when exporting PDF', 'Two-factor codes not arriving'],
  'bug-report': ['Totals wrong on monthly report', 'Search returns deleted items', 'Date picker shows wrong month'],
  'how-to': ['How do I add a second user?', 'Where do I change my delivery address?', 'How to export my data'],
  billing: ['Charged twice this month', 'Refund not received', 'Invoice shows old company name', 'Cannot update card details'],
  'general-inquiry': ['Opening hours over the holidays', 'Question about my contract', 'Change of contact person'],
  'feature-request': ['Please add dark mode', 'Bulk import of contacts', 'Calendar integration'],
};
