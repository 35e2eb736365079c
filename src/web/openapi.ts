/** The OpenAPI description of the routes this build serves (served at /openapi.json). */
export function openApiDocument(o: { mailbox: boolean }): Record<string, unknown> {
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
