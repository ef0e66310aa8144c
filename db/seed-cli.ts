// npm run seed: fills the database configured by the environment (DATABASE_URL or DATA_DIR).
import { closeDatabase } from "./client";
import { startupWithoutDemo } from "../app/cli/startup-cli";
import { databaseIsEmpty, seedDemo } from "../app/models/demo.server";

async function main() {
  await startupWithoutDemo();
  if (!(await databaseIsEmpty())) {
    console.log("The database already holds data: the demo network is only created in an empty database.");
    return;
  }
  const lines = await seedDemo();
  console.log(`Demo network created:\n${lines.join("\n")}`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
