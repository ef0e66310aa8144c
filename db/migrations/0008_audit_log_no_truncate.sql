-- The audit log is append-only, TRUNCATE included. The row trigger of 0001 does not fire for
-- TRUNCATE (nor for a statement that matches no row); a statement trigger refuses UPDATE,
-- DELETE and TRUNCATE each with its own message, whatever rows they would touch (a TRUNCATE
-- reached through CASCADE from another table included).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
