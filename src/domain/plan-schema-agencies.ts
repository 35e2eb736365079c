/** The plan file's agencies, their contacts, and the audiences that name them. Pure: no I/O. */
import { z } from 'zod';
import { code } from './plan-schema-fields';

export const CONTACT_ROLES = ['focal', 'head', 'coordinator'] as const;
const Contact = z
  .object({
    role: z.enum(CONTACT_ROLES, {
      error: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')} / role must be one of ${CONTACT_ROLES.join(', ')}`,
    }),
    name: z.string().min(1).optional(),
    email: z.email({ error: 'email không hợp lệ / invalid email' }).optional(),
    phone: z
      .string()
      .regex(
        /^(\+?84|0)[1-9]\d{8,9}$/,
        'số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678) / invalid Vietnamese phone number',
      )
      .optional(),
  })
  .strict()
  .refine((c) => c.email !== undefined || c.phone !== undefined, {
    error: 'cần email hoặc số điện thoại / needs an email or a phone',
  });
export type Contact = z.infer<typeof Contact>;

export const AGENCY_KINDS = ['committee', 'department', 'district', 'commune', 'organisation', 'other'] as const;
export const Agency = z
  .object({
    code: code('agency'),
    name: z.string().min(1, 'tên không được trống / name is required'),
    kind: z.enum(AGENCY_KINDS, {
      error: `loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')} / kind must be one of ${AGENCY_KINDS.join(', ')}`,
    }),
    contacts: z.array(Contact).default([]),
  })
  .strict();
export type Agency = z.infer<typeof Agency>;

/** Who an obligation, campaign or activity applies to: a group name, `all`, or a list of agency codes. */
export const Audience = z.union([z.string(), z.array(z.string()).min(1, 'danh sách trống / empty list')]);
