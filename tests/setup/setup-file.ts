export {};
// Runs before every test file. Keep it light: pure tests must stay fast.
process.env.NODE_ENV = "test";
process.env.DEMO_DATA ??= "false";
// The installation's languages and interface catalogues, as the server loads them at start.
await import("#app/i18n/setup.server");
