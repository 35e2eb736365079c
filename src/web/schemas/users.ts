/** Accounts over the API and the admin page: an account's row id in the path, and what the forms post. */
import { z } from 'zod';
import { NewAccount, OwnPasswordChange } from '../../services/account-service';
import { ROLES, NewUser } from '../../services/user-service';

export const UserParams = z.object({
  id: z.coerce
    .number({ error: 'mã tài khoản phải là số / account id must be a number' })
    .int('mã tài khoản phải là số nguyên / account id must be an integer')
    .positive('mã tài khoản phải là số dương / account id must be positive')
    .max(2_147_483_647, 'mã tài khoản quá lớn / account id too large'),
});

export const Account = z
  .object({
    id: z.number(),
    email: z.string(),
    role: z.enum(ROLES),
    plans: z.array(z.string()),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
    lastSignInAt: z.string().nullable(),
    sessions: z.number(),
  })
  .meta({ id: 'Account' });

export const NewAccountBody = NewAccount.meta({ id: 'NewAccount' });
/** Omit `password` to have one generated (answered once). */
export const PasswordBody = NewUser.pick({ password: true }).meta({ id: 'PasswordChange' });
export const OwnPasswordBody = OwnPasswordChange.meta({ id: 'OwnPasswordChange' });

export const Created = z
  .object({
    user: Account.pick({ id: true, email: true, role: true, plans: true }),
    generatedPassword: z.string().nullable(),
  })
  .meta({ id: 'AccountCreated' });
export const PasswordSet = z
  .object({ userId: z.number(), generatedPassword: z.string().nullable(), sessionsEnded: z.number() })
  .meta({ id: 'PasswordSet' });
export const SessionsEnded = z.object({ userId: z.number(), sessionsEnded: z.number() }).meta({ id: 'SessionsEnded' });

/** The admin page's forms: `plans` typed as `A, B`, an empty password meaning "generate one". */
export const NewAccountForm = z
  .object({
    email: z.string().max(320).optional(),
    role: z.string().max(40).optional(),
    password: z.string().max(400).optional(),
    plans: z.string().max(4000).optional(),
  })
  .transform((f) => ({
    email: f.email?.trim() ?? '',
    role: f.role ?? '',
    password: f.password === undefined || f.password === '' ? undefined : f.password,
    plans: (f.plans ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  }));
export const PasswordForm = z
  .object({ password: z.string().max(400).optional() })
  .transform((f) => ({ password: f.password === undefined || f.password === '' ? undefined : f.password }));
export const OwnPasswordForm = z.object({
  currentPassword: z.string().max(400).optional(),
  password: z.string().max(400).optional(),
});
export const USER_ACTIONS = ['password', 'disable', 'enable', 'sessions'] as const;
export const UserActionParams = UserParams.extend({
  action: z.enum(USER_ACTIONS, { error: 'thao tác không có / unknown action' }),
});

/** The `/account` digest form: a checkbox (`on` when ticked) and a plan select, empty for every plan one may see. */
export const DigestForm = z
  .object({
    subscribed: z.string().max(10).optional(),
    planCode: z.string().max(100).optional(),
    _csrf: z.string().optional(),
  })
  .transform((f) => ({
    subscribed: f.subscribed === 'on' || f.subscribed === 'true',
    planCode: f.planCode === undefined || f.planCode.trim() === '' ? null : f.planCode,
  }));
