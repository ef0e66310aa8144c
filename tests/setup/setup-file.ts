// Runs before every test file. Keep it light: pure tests must stay fast.
process.env.NODE_ENV = "test";
process.env.DEMO_DATA ??= "false";
