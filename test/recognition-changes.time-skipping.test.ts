import { addToDate, dayInBrussels } from '../models/dates';
import { outboxModel } from '../store/outbox';
import { changeRecognitionUpdate, decideChangeUpdate } from '../workflows/recognition-lifecycle.messages';
import { recordHistory } from './support/histories';
import { DAY, recognitionLifecycle } from './support/recognition-lifecycle';
import { sampleRecognition } from './support/sample-recognition';
import { useTimeSkippingStack } from './support/time-skipping';

// Changes during validity over months (time-skipping server): a mentor removed by a change takes
// their training condition along, so only the mentor who stays is reminded.

describe('a recognition changed during validity (time-skipping server)', () => {
  const stack = useTimeSkippingStack();
  const { stored, checksOf, start, answerAllOk } = recognitionLifecycle(stack);
  const mailTo = async (id: string, template: string) =>
    (await outboxModel(stack.db).find({ recognitionId: id, template }).lean()).map((m) => m.text);

  it('stops the reminders of a mentor the company removed, and applies a reviewed change when approved', async () => {
    const nowMs = await stack.env.currentTimeMs();
    const dueOn = addToDate(dayInBrussels(new Date(nowMs)), 'P30D');
    const sample = sampleRecognition({}, nowMs);
    const untrained = { ...sample.mentors[0]!, mentorTrainingCompletedOn: undefined };
    const jan = { ...untrained, id: 'mentor-jan' };
    const an = { ...untrained, id: 'mentor-an', firstName: 'An', lastName: 'Claes', birthDate: '1975-02-03' };
    const { recognition, handle } = await start({
      mentors: [jan, an],
      conditions: [
        { type: 'mentor-training', mentorId: jan.id, mentorName: 'Jan Peeters', dueOn },
        { type: 'mentor-training', mentorId: an.id, mentorName: 'An Claes', dueOn },
      ],
    });

    const removed = await handle.executeUpdate(changeRecognitionUpdate, {
      args: [{ changes: { mentors: [an] }, by: 'company-user' }],
    });
    expect(removed).toMatchObject({ applied: true, appliedFields: ['mentors'] });
    expect((await stored(recognition.id)).conditions.map((c) => c.mentorName)).toEqual(['An Claes']);
    for (const check of await checksOf(recognition.id, 'open')) await answerAllOk(handle, check);

    // A new address waits for the partnership, which approves it.
    const address = { street: 'Stationsstraat 12', postcode: '9000', municipality: 'Gent' };
    const asked = await handle.executeUpdate(changeRecognitionUpdate, { args: [{ changes: { address }, by: 'company-user' }] });
    expect(asked).toMatchObject({ applied: false, reviewFields: ['address'] });
    await handle.executeUpdate(decideChangeUpdate, {
      args: [{ changeId: asked.changeId!, outcome: 'approved', reasons: [], by: 'reviewer-1' }],
    });
    expect((await stored(recognition.id)).address).toEqual(address);

    await stack.env.sleep(45 * DAY);
    const reminders = await mailTo(recognition.id, 'condition_reminder');
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((text) => text.includes('An Claes') && !text.includes('Jan Peeters'))).toBe(true);
    const missed = await mailTo(recognition.id, 'condition_missed');
    expect(missed.every((text) => !text.includes('Jan Peeters'))).toBe(true);
    expect((await stored(recognition.id)).changes?.map((c) => c.review?.status ?? 'applied')).toEqual(['applied', 'approved']);
    await recordHistory(handle, 'recognition-changed-during-validity');
    await handle.terminate('test done');
  }, 120_000);
});
