/** The OpenAPI description of the routes this build serves (served at /openapi.json). */
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errors = {
  '401': { description: 'Not signed in', ...json(ref('Error')) },
  '403': { description: 'Wrong role or missing CSRF token (header x-csrf-token)', ...json(ref('Error')) },
  '422': { description: 'Invalid input, one entry per field', ...json(ref('ValidationErrors')) },
};
const pathParam = (name: string, schema: unknown = { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }) => ({
  name,
  in: 'path',
  required: true,
  schema,
});
const assignmentParams = [
  pathParam('plan'),
  pathParam('year', { type: 'integer', minimum: 2000, maximum: 2100 }),
  pathParam('obligation'),
  pathParam('agency'),
];
const yearParam = pathParam('year', { type: 'integer', minimum: 2000, maximum: 2100 });
const reportIdParam = pathParam('id', { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,159}$' });
const action = (summary: string, body: unknown, ok: string) => ({
  post: {
    summary,
    parameters: assignmentParams,
    ...(body ? { requestBody: { required: true, ...json(body) } } : {}),
    responses: {
      [ok]: { description: 'Done', ...json({ type: 'object' }) },
      '404': { description: 'No such assignment', ...json(ref('Error')) },
      '409': { description: 'The assignment is already closed', ...json(ref('Error')) },
      ...errors,
    },
  },
});

/** The coordinators' API and the agency portal (present when the app has its web dependencies). */
function webPaths(): Record<string, unknown> {
  const base = '/api/assignments/{plan}/{year}/{obligation}/{agency}';
  return {
    '/api/session': {
      post: {
        summary: 'Sign in (sets the HTTP-only session cookie); answers the CSRF token for later state changes',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['email', 'password'],
            additionalProperties: false,
            properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' } },
          }),
        },
        responses: {
          '200': { description: 'Signed in', ...json({ type: 'object', properties: { user: ref('SessionUser') } }) },
          '401': { description: 'Wrong email or password', ...json(ref('Error')) },
          '422': errors['422'],
          '429': { description: 'Too many attempts', ...json(ref('Error')) },
        },
      },
      get: {
        summary: 'The signed-in user and the CSRF token',
        responses: {
          '200': { description: 'Signed in', ...json({ type: 'object', properties: { user: ref('SessionUser') } }) },
          '401': errors['401'],
        },
      },
      delete: {
        summary: 'Sign out',
        responses: { '204': { description: 'Signed out' }, '401': errors['401'], '403': errors['403'] },
      },
    },
    '/api/plans': {
      get: {
        summary: 'Plans',
        responses: { '200': { description: 'Plans', ...json({ type: 'object' }) }, '401': errors['401'] },
      },
      post: {
        summary: 'Validate, then apply, a plan file (YAML or JSON text); ?validateOnly=true only validates',
        parameters: [{ name: 'validateOnly', in: 'query', schema: { type: 'boolean' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['content'],
                additionalProperties: false,
                properties: { content: { type: 'string' }, validateOnly: { type: 'boolean' } },
              },
            },
            'application/yaml': { schema: { type: 'string' } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        responses: {
          '200': { description: 'Valid (validateOnly) or re-applied', ...json({ type: 'object' }) },
          '201': { description: 'Applied for the first time', ...json({ type: 'object' }) },
          ...errors,
        },
      },
    },
    '/api/plans/{code}': {
      get: {
        summary: 'One plan with its agencies and obligations',
        parameters: [pathParam('code')],
        responses: {
          '200': { description: 'The plan', ...json({ type: 'object' }) },
          '404': { description: 'No such plan' },
          ...errors,
        },
      },
    },
    '/api/plans/{code}/years/{year}/assignments': {
      get: {
        summary: 'The agency × obligation matrix of a year (the `status --json` item shape)',
        parameters: [
          pathParam('code'),
          pathParam('year', { type: 'integer', minimum: 2000, maximum: 2100 }),
          {
            name: 'lateOnly',
            in: 'query',
            schema: { type: 'boolean' },
            description: 'late, overdue or escalated only',
          },
          {
            name: 'dueThisWeek',
            in: 'query',
            schema: { type: 'boolean' },
            description: 'due Monday–Sunday of this week',
          },
          { name: 'agency', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'Items',
            ...json({ type: 'object', properties: { items: { type: 'array', items: ref('StatusItem') } } }),
          },
          '404': { description: 'No such plan' },
          ...errors,
        },
      },
    },
    '/api/plans/{code}/years/{year}/reports': {
      get: {
        summary: 'The compiled consolidated reports of a plan-year, newest first',
        parameters: [
          pathParam('code'),
          yearParam,
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          '200': {
            description: 'Reports',
            ...json({ type: 'object', properties: { reports: { type: 'array', items: ref('CompiledReport') } } }),
          },
          '404': { description: 'No such plan, or the plan does not cover the year', ...json(ref('Error')) },
          ...errors,
        },
      },
      post: {
        summary: 'Compile the consolidated report now (trigger `manual`); audited',
        parameters: [pathParam('code'), yearParam],
        requestBody: {
          required: false,
          ...json({
            type: 'object',
            additionalProperties: false,
            properties: {
              obligation: { type: 'string', description: 'one obligation (default: the whole plan-year)' },
              formats: {
                type: 'array',
                minItems: 1,
                items: { enum: ['xlsx', 'docx', 'csv'] },
                description: 'default: all three',
              },
            },
          }),
        },
        responses: {
          '201': {
            description: 'Compiled and stored',
            ...json({ type: 'object', properties: { report: ref('CompiledReport') } }),
          },
          '404': { description: 'No such plan, year or obligation', ...json(ref('Error')) },
          ...errors,
        },
      },
    },
    '/api/reports/{id}': {
      get: {
        summary:
          'One compiled report with its summary. A request that accepts text/html (the emailed link opened in a browser) is redirected to the report page',
        parameters: [reportIdParam],
        responses: {
          '200': {
            description: 'The report',
            ...json({ type: 'object', properties: { report: ref('CompiledReport') } }),
          },
          '303': { description: 'Accept: text/html: redirect to /reports/{id}' },
          '404': { description: 'No such report', ...json(ref('Error')) },
          '401': errors['401'],
          '422': errors['422'],
        },
      },
    },
    '/api/reports/{id}/{format}': {
      get: {
        summary: "A compiled report's file, as an attachment (`filename*` in UTF-8, ASCII `filename` fallback)",
        parameters: [reportIdParam, pathParam('format', { enum: ['xlsx', 'docx', 'csv'] })],
        responses: {
          '200': {
            description: 'The file',
            content: {
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: { type: 'string', format: 'binary' },
              },
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
                schema: { type: 'string', format: 'binary' },
              },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          '404': { description: 'No such report, format, or file', ...json(ref('Error')) },
          '401': errors['401'],
          '422': errors['422'],
        },
      },
    },
    [base]: {
      get: {
        summary: 'One assignment: events, notifications with delivery status, submissions, audit, Temporal UI link',
        parameters: assignmentParams,
        responses: {
          '200': { description: 'History', ...json({ type: 'object' }) },
          '404': { description: 'No such assignment' },
          ...errors,
        },
      },
    },
    [`${base}/remind`]: action('Send a reminder now', null, '200'),
    [`${base}/extend`]: action(
      'Grant an extension (reason required); the workflow re-targets its reminders',
      {
        type: 'object',
        required: ['newDueDate', 'reason'],
        additionalProperties: false,
        properties: { newDueDate: { type: 'string', format: 'date' }, reason: { type: 'string', minLength: 1 } },
      },
      '200',
    ),
    [`${base}/excuse`]: action(
      'Excuse the agency from this obligation',
      { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string' } } },
      '200',
    ),
    [`${base}/submissions`]: action(
      'Record a submission received on paper',
      {
        type: 'object',
        additionalProperties: false,
        properties: { note: { type: 'string' }, receivedOn: { type: 'string', format: 'date' } },
      },
      '201',
    ),
    [`${base}/revoke-link`]: action('Revoke every signed link sent so far for this assignment', null, '200'),
    '/s/{token}': {
      get: {
        summary: "An agency's submission page (HTML) from its signed link",
        parameters: [pathParam('token', { type: 'string' })],
        responses: {
          '200': { description: 'The page' },
          '403': { description: 'Forged, expired or revoked link' },
          '429': { description: 'Too many requests' },
        },
      },
      post: {
        summary: 'Submit the report (multipart: `file` PDF/DOCX/XLSX, `indicator.<code>` values)',
        parameters: [pathParam('token', { type: 'string' })],
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
            },
          },
        },
        responses: {
          '200': { description: 'Received; a receipt is emailed' },
          '403': { description: 'Forged, expired or revoked link' },
          '409': { description: 'Already submitted' },
          '413': { description: 'File too large' },
          '422': { description: 'Wrong file type or indicator value' },
        },
      },
    },
  };
}

export function openApiDocument(o: { mailbox: boolean; web?: boolean }): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/healthz': {
      get: {
        summary: 'State of each dependency',
        responses: {
          '200': {
            description: 'All dependencies up',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
          },
          '503': {
            description: 'A dependency is down',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
          },
        },
      },
    },
  };
  if (o.web) Object.assign(paths, webPaths());
  if (o.mailbox) {
    paths['/api/dev/mailbox'] = {
      get: {
        summary: 'Messages received by the embedded SMTP mailbox, newest first',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
        ],
        responses: {
          '200': {
            description: 'Messages',
            content: {
              'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/MailboxMessage' } } },
            },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nhắc Hạn',
      version: '0.1.0',
      description: 'Deadline reminders for Vietnamese public administration',
    },
    paths,
    components: {
      schemas: {
        Health: {
          type: 'object',
          required: ['status', 'dependencies'],
          properties: {
            status: { enum: ['ok', 'degraded'] },
            dependencies: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['state'],
                properties: { state: { enum: ['up', 'down'] }, error: { type: 'string' } },
              },
            },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
        ValidationErrors: {
          type: 'object',
          required: ['errors'],
          properties: {
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
        SessionUser: {
          type: 'object',
          properties: {
            email: { type: 'string' },
            role: { enum: ['admin', 'coordinator', 'viewer'] },
            csrfToken: { type: 'string' },
          },
        },
        StatusItem: {
          type: 'object',
          required: ['obligation', 'agency', 'year', 'dueDate', 'state', 'reminders'],
          properties: {
            obligation: { type: 'string' },
            agency: { type: 'string' },
            year: { type: 'integer' },
            dueDate: { type: 'string', format: 'date' },
            dueAt: { type: 'string', format: 'date-time' },
            state: { enum: ['pending', 'submitted', 'late', 'overdue', 'escalated', 'excused'] },
            reminders: { type: 'integer' },
            submittedAt: { type: ['string', 'null'], format: 'date-time' },
            workflowId: { type: 'string' },
          },
        },
        CompiledReport: {
          type: 'object',
          required: ['id', 'plan', 'year', 'obligation', 'trigger', 'createdAt', 'formats', 'page'],
          properties: {
            id: { type: 'string' },
            plan: { type: 'string' },
            year: { type: 'integer' },
            obligation: { type: ['string', 'null'], description: 'null: the whole plan-year' },
            obligationTitle: { type: ['string', 'null'] },
            trigger: { type: 'string', description: '`auto` (the cycle) or `manual`' },
            createdAt: { type: 'string', format: 'date-time' },
            asOf: { type: ['string', 'null'], format: 'date-time' },
            formats: {
              type: 'array',
              items: {
                type: 'object',
                required: ['format', 'url'],
                properties: { format: { enum: ['xlsx', 'docx', 'csv'] }, url: { type: 'string' } },
              },
            },
            totals: {
              type: ['object', 'null'],
              properties: Object.fromEntries(
                ['expected', 'onTime', 'late', 'overdue', 'pending', 'excused'].map((k) => [k, { type: 'integer' }]),
              ),
            },
            page: { type: 'string', description: 'the report page in the web app' },
            summary: { type: 'object', description: 'GET /api/reports/{id} only: the stored summary' },
          },
        },
        MailboxMessage: {
          type: 'object',
          required: ['from', 'to', 'subject', 'date', 'text'],
          properties: {
            from: { type: 'string' },
            to: { type: 'string' },
            subject: { type: 'string' },
            date: { type: 'string', format: 'date-time' },
            text: { type: 'string' },
            messageId: { type: ['string', 'null'] },
          },
        },
      },
    },
  };
}
