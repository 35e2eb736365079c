-- The audit log is append-only: a trigger refuses every UPDATE and DELETE of its rows (TRUNCATE too), whoever the
-- database user is, so a bug or a stolen application connection cannot rewrite who did what.
-- The function body is an E'' string with \073 for its semicolon: Prisma's schema engine splits migration scripts
-- at every semicolon, even inside dollar quotes.
CREATE FUNCTION "nhac_han_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''AuditLog is append-only (% refused)'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END';

CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "nhac_han_audit_append_only"();

CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "nhac_han_audit_append_only"();
