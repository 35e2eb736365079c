-- AlterTable: the last successful sign-in, shown to admins on /admin/users
ALTER TABLE "User" ADD COLUMN "lastSignInAt" TIMESTAMP(3);
