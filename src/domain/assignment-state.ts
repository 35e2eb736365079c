/** The states of an agency × obligation × year, as `status --json` and the dashboard show them. */
export const ASSIGNMENT_STATES = ['pending', 'submitted', 'late', 'overdue', 'escalated', 'excused'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const STATE_LABELS_VI: Record<AssignmentState, string> = {
  pending: 'Chưa đến hạn',
  submitted: 'Đã nộp',
  late: 'Nộp muộn',
  overdue: 'Quá hạn',
  escalated: 'Quá hạn – đã đôn đốc',
  excused: 'Được miễn',
};
