<?php
// Brisk's PHP launcher (runtimes/README.md, "Launchers"). The Python proxy
// starts it in the action's folder with fd 3 a pipe back to the proxy; it
// loads index.php (after vendor/autoload.php) once, acks on fd 3, then runs
// one activation per stdin line and answers each with one line on fd 3. It
// prints nothing of its own on stdout: that would be the action's log.

$briskChannel = fopen('php://fd/3', 'w');
$briskState = ['acked' => false, 'running' => false, 'lineOpen' => false];

function brisk_send(string $json): void
{
    global $briskChannel;
    fwrite($briskChannel, $json . "\n");
    fflush($briskChannel);
}

function brisk_describe(Throwable $e): string
{
    return get_class($e) . ': ' . $e->getMessage();
}

// Output goes through a buffer flushed at every write (chunk size 1), so logs
// stay live and the launcher knows whether the last line was left unfinished.
ob_start(function (string $chunk) use (&$briskState): string {
    if ($chunk !== '') {
        $briskState['lineOpen'] = substr($chunk, -1) !== "\n";
    }
    return $chunk;
}, 1);

// Warnings and errors raised while the action runs are thrown as ErrorException
// (OpenWhisk's PHP runtime reports them as the activation's error too); notices
// and deprecations are only logged.
set_error_handler(function (int $severity, string $message, string $file, int $line): bool {
    if (!(error_reporting() & $severity)) {
        return false;
    }
    if ($severity & (E_NOTICE | E_USER_NOTICE | E_DEPRECATED | E_USER_DEPRECATED)) {
        fwrite(STDERR, "PHP Notice: $message in $file on line $line\n");
        return true;
    }
    throw new ErrorException($message, 0, $severity, $file, $line);
});

// A fatal error (a compile error in a later include, memory or time exhausted)
// ends the process; say so on fd 3 first, at load or during a run.
register_shutdown_function(function () use (&$briskState): void {
    $error = error_get_last();
    if ($error === null || !($error['type'] & (E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR))) {
        return;
    }
    $message = "PHP Fatal error: {$error['message']} in {$error['file']} on line {$error['line']}";
    if (!$briskState['acked']) {
        brisk_send(json_encode(['error' => $message]));
    } elseif ($briskState['running']) {
        brisk_send(json_encode(['thrown' => $message]));
    }
});

function brisk_load(string $dir, string $main): void
{
    $index = $dir . '/index.php';
    if (!is_file($index)) {
        $nested = glob($dir . '/*/index.php');
        $hint = $nested ? " (it is in the folder '" . basename(dirname($nested[0])) . "/': zip the folder's contents, not the folder)" : '';
        throw new RuntimeException("the action has no index.php at its root$hint");
    }
    if (is_file($dir . '/vendor/autoload.php')) {
        require $dir . '/vendor/autoload.php';
    }
    require $index;
    if (!function_exists($main)) {
        throw new RuntimeException("the action has no function named '$main' (define function $main(array \$args): array in index.php)");
    }
}

$briskMain = getenv('BRISK_ACTION_MAIN') ?: 'main';
try {
    brisk_load(getcwd(), $briskMain);
} catch (Throwable $e) {
    fwrite(STDERR, "$e\n");
    // Where a syntax error is matters more than the launcher's stack.
    $where = $e instanceof ParseError ? " in {$e->getFile()} on line {$e->getLine()}" : '';
    brisk_send(json_encode(['error' => brisk_describe($e) . $where]));
    exit(1);
}
$briskState['acked'] = true;
brisk_send('{"ok":true}');

$briskPrevious = [];
while (($briskLine = fgets(STDIN)) !== false) {
    $request = json_decode($briskLine, true, 512, JSON_THROW_ON_ERROR);
    foreach ($briskPrevious as $name) {
        putenv($name);
        unset($_ENV[$name], $_SERVER[$name]);
    }
    $briskPrevious = [];
    foreach ($request as $key => $value) {
        if ($key === 'value' || !preg_match('/^\w+$/', (string) $key)) {
            continue;
        }
        $name = '__OW_' . strtoupper($key);
        $text = is_string($value) ? $value : json_encode($value);
        putenv("$name=$text");
        $_ENV[$name] = $_SERVER[$name] = $text;
        $briskPrevious[] = $name;
    }
    $args = is_array($request['value'] ?? null) ? $request['value'] : [];
    $briskState['running'] = true;
    try {
        $result = $briskMain($args);
        // PHP has one array type: an empty one is the empty object it stands for.
        $json = json_encode($result === [] ? new stdClass() : $result, JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
        $message = $json === false
            ? json_encode(['thrown' => 'The action returned a result that is not JSON-serialisable: ' . json_last_error_msg()])
            : '{"result":' . $json . '}';
    } catch (Throwable $e) {
        fwrite(STDERR, "$e\n");
        $message = json_encode(['thrown' => brisk_describe($e)]);
    }
    $briskState['running'] = false;
    if ($briskState['lineOpen']) {
        echo "\n";
    }
    ob_flush();
    flush();
    brisk_send($message);
}
