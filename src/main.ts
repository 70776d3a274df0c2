import { commands } from '../commands/index.ts';
import type { Services } from '../commands/types.ts';
import { ConsoleNotices, runConsole } from './adapters/console/chat.ts';
import type { PlatformAdapter } from './adapters/platform.ts';
import { loadEngine } from './answer/engine.ts';
import { explainCorpusDir } from './cli/corpus-dir.ts';
import { explainDatabaseUrl } from './cli/database-url.ts';
import { semanticsFor } from './cli/semantics.ts';
import { ConfigError, checkDatabasePath, loadConfig } from './config.ts';
import { formatProblem } from './corpus/types.ts';
import { createLogger } from './logger.ts';
import { installProcessGuards } from './ops/process-guards.ts';
import { buildEngineInWorker } from './reload/build-in-worker.ts';
import { LiveEngine } from './reload/live-engine.ts';
import { openEngineOptions, type PortableEngineOptions } from './reload/portable-options.ts';
import { Reloader } from './reload/reloader.ts';
import { watchCorpus } from './reload/watch.ts';
import { MemoryRecentQuestions } from './storage/recent.ts';

/**
 * The composition root: configuration → logger → engine → adapters. The only place that wires
 * concrete implementations together. Every platform with credentials runs (with the database and
 * the daily scheduler); with none, the terminal chat.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const consoleMode = config.discord === null && config.slack === null;
  // before the corpus loads, which can take a while: a bad path should fail at once
  if (!consoleMode && config.DATABASE_URL === undefined) checkDatabasePath(config.DATABASE_PATH);
  const logger = createLogger(
    consoleMode && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  );
  // Process-wide nets first: nothing after this may fail silently or take the process down.
  let exitCode = 0;
  const stopping = new AbortController();
  const counted: string[] = [];
  let count = (source: string) => {
    counted.push(source);
  };
  const uninstallGuards = installProcessGuards({
    logger,
    count: (source) => count(source),
    stop: () => {
      exitCode = 1;
      stopping.abort();
      // the terminal chat has no graceful path to wait for
      if (consoleMode) process.exit(1);
    },
  });
  // Word meaning is prepared once (~10 s, progress on stderr in the terminal), then loads in ~40 ms.
  const semantics = await semanticsFor(config.semanticsDir, { quiet: !consoleMode });
  for (const problem of semantics?.problems ?? [])
    logger.warn({ problem }, 'word meaning unavailable; answering from word forms');
  // Reloads build with exactly these options, in a worker thread. The bot keeps paragraph ids
  // stable in its database; the terminal chat, with no database, numbers them by position.
  const portable: PortableEngineOptions = {
    corpusDir: config.CORPUS_DIR,
    snapshotDir: config.snapshotDir,
    semanticsDir: config.semanticsDir,
    idsDatabase: consoleMode ? null : (config.DATABASE_URL ?? config.DATABASE_PATH),
    maxDocumentBytes: config.MAX_DOCUMENT_MB * 1048576,
    corpusFollowOutside: config.CORPUS_FOLLOW_OUTSIDE,
  };
  const opened = await openEngineOptions(portable, { semantics }).catch((error: unknown) => {
    throw explainDatabaseUrl(error);
  });
  const engine = await loadEngine({ ...opened.options, logger })
    .catch((error: unknown) => {
      throw explainCorpusDir(error);
    })
    .finally(() => opened.close());
  // the terminal chat prints them plainly below; the bot logs them
  if (!consoleMode)
    for (const problem of engine.problems)
      logger.warn({ problem: formatProblem(problem) }, 'corpus problem; the rest loaded');
  logger.info(
    {
      documents: engine.corpus.documents.length,
      paragraphs: engine.corpus.paragraphs.length,
      index: engine.indexSource,
    },
    'engine ready',
  );
  const rebuild = (signal: AbortSignal) => buildEngineInWorker(portable, { semantics, signal });
  if (consoleMode) {
    for (const problem of engine.problems)
      process.stderr.write(`corpus: ${formatProblem(problem)}\n`);
    // The chat shows reloads plainly, then its prompt again; the log would print them as JSON in
    // the middle of it.
    const notices = new ConsoleNotices();
    const live = new LiveEngine(engine);
    const reloader = new Reloader({
      live,
      build: rebuild,
      logger: logger.child({}, { level: 'silent' }),
    });
    const watcher =
      config.CORPUS_WATCH === 'false'
        ? null
        : watchCorpus(config.CORPUS_DIR, {
            logger,
            followOutside: config.CORPUS_FOLLOW_OUTSIDE,
            polling: config.CORPUS_WATCH === 'poll',
            onChange: () => {
              void reloader.reload('watch').then((result) => {
                notices.post(
                  result.ok
                    ? `corpus: reloaded (${result.documents} documents, ${result.paragraphs} paragraphs)`
                    : `corpus: reload failed; still answering from the previous documents:\n${result.problems.map((p) => `  ${p}`).join('\n')}`,
                );
              });
            },
          });
    // No database here: recent questions (behind buttons) live as long as the session.
    const services: Services = {
      recent: new MemoryRecentQuestions(),
      reload: { reload: () => reloader.reload('command') },
    };
    await runConsole({
      engine: live,
      services,
      logger,
      input: process.stdin,
      output: process.stdout,
      notices,
    });
    await watcher?.close();
    await reloader.close();
    uninstallGuards();
    return exitCode;
  }
  // Facts are extracted lazily; doing it now keeps the first /ask or /fact well inside Discord's
  // 3-second window even on a large corpus.
  engine.facts.all();
  // Loaded only here, so the terminal chat starts without discord.js or Bolt.
  const [{ startBot }, { createMetrics }] = await Promise.all([
    import('./bot.ts'),
    import('./ops/metrics.ts'),
  ]);
  const metrics = createMetrics();
  count = (source) => metrics.errors.labels(source).inc();
  for (const source of counted) count(source);
  const platforms: PlatformAdapter[] = [];
  const discord = config.discord;
  const sharding = discord?.sharding ?? null;
  if (discord) {
    const { discordPlatformAdapter } = await import('./adapters/discord/launch.ts');
    platforms.push(
      discordPlatformAdapter({
        token: discord.token,
        apiUrl: discord.apiUrl,
        commands,
        mode: discord.mode,
        publicKey: discord.publicKey,
        // Each shard runs this same entry script with the same Node options (tsx or the bundle).
        shards:
          sharding?.role === 'manager'
            ? { count: sharding.shards, file: process.argv[1] ?? '', execArgv: process.execArgv }
            : undefined,
      }),
    );
  }
  if (sharding?.role === 'shard') {
    // A shard answers its servers' interactions and nothing else: the manager posts the daily
    // fact once for all and serves HTTP (Slack included). It stops with its manager: an orphan
    // would keep a second session of its shard open.
    process.once('disconnect', () => stopping.abort());
    const code = await startBot(
      {
        config,
        logger: logger.child({ shardId: sharding.id }),
        engine,
        platforms,
        rebuild,
        metrics,
      },
      { signal: stopping.signal, scheduler: false },
    );
    return exitCode || code;
  }
  if (config.slack) {
    const { slackPlatformAdapter } = await import('./adapters/slack/launch.ts');
    if (config.httpPortDefaulted)
      logger.info(
        { port: config.HTTP_PORT },
        'HTTP_PORT is empty; Slack HTTP mode listens on the default port (set HTTP_PORT to change it)',
      );
    platforms.push(slackPlatformAdapter({ config: config.slack, commands }));
  }
  const code = await startBot(
    { config, logger, engine, platforms, rebuild, metrics },
    { signal: stopping.signal },
  );
  return exitCode || code;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; a library timer still holding the event loop must not keep a
    // stopped bot alive (its supervisor waits for the exit to restart it).
    setTimeout(() => process.exit(code), 3000).unref();
  },
  (error: unknown) => {
    // a bad configuration or token is the user's to fix: a message, not a stack trace
    const message =
      error instanceof ConfigError
        ? error.message
        : `dossier: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    // Exit now rather than when the event loop drains: after a failed login discord.js's gateway
    // keeps retrying (even after destroy()) and REST keeps its requests, which would hold a
    // process that has already said it failed. stderr is synchronous for files and pipes.
    process.exit(1);
  },
);
