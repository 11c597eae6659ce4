import { longDate, longDateTime } from '../../models/dutch-dates';
import { renderNotification } from '../../models/notifications';

// Dates read as people write them, on pages and in notifications alike.

test('a date reads as day, month name and year; a timestamp as its day and time in Brussels', () => {
  expect(longDate('2031-11-27')).toBe('27 november 2031');
  expect(longDate('2026-03-01')).toBe('1 maart 2026');
  // 23:30 UTC on 31 December is already New Year's Day in Brussels.
  expect(longDate('2026-12-31T23:30:00Z')).toBe('1 januari 2027');
  expect(longDateTime('2026-12-14T09:05:00Z')).toBe('14 december 2026 om 10:05');
  expect(longDateTime('2026-07-14T09:05:00Z')).toBe('14 juli 2026 om 11:05');
});

test('notifications write their dates the same way', () => {
  const approved = renderNotification('approved', {
    companyName: 'Bakkerij Janssens',
    trainingName: 'Bakker',
    recognitionId: 'r-1',
    validUntil: '2031-11-27',
  });
  expect(approved.text).toContain('geldig tot 27 november 2031');
  expect(approved.text).not.toContain('2031-11-27');
  const asked = renderNotification('info_requested', {
    companyName: 'Bakkerij Janssens',
    trainingName: 'Bakker',
    items: ['uittreksel'],
    dueAt: '2026-12-14T09:05:00Z',
  });
  expect(asked.text).toContain('vóór 14 december 2026 om 10:05');
});
