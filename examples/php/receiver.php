<?php
// A webhook receiver for PHP's built-in server (or any PHP host: it is one plain script).
// Run it with
//   WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks php -S 127.0.0.1:4000 receiver.php
// It verifies the raw body (php://input) before parsing it, for Standard Webhooks
// (webhook-*) or the legacy X-Webhook-* headers (SCHEME=legacy).
declare(strict_types=1);

const TOLERANCE_SECONDS = 300;

function logLine(string $line): void
{
    file_put_contents('php://stderr', $line . "\n");
}

function answer(int $status, ?array $payload = null): never
{
    http_response_code($status);
    if ($payload !== null) {
        header('Content-Type: application/json');
        echo json_encode($payload, JSON_UNESCAPED_UNICODE);
    }
    exit;
}

// Not authentic or not fresh: 401. Every other reason (a missing or malformed header, a body
// that is not JSON) is a malformed request: 400.
const UNAUTHORIZED = ['no_matching_signature', 'timestamp_too_old', 'timestamp_too_new'];

function reject(string $reason): never
{
    logLine("rejected $reason");
    answer(in_array($reason, UNAUTHORIZED, true) ? 401 : 400, ['error' => $reason]);
}

function checkTimestamp(string $value): void
{
    if (preg_match('/^[0-9]{1,15}$/', $value) !== 1) reject('invalid_timestamp');
    $age = time() - (int) $value;
    if ($age > TOLERANCE_SECONDS) reject('timestamp_too_old');
    if ($age < -TOLERANCE_SECONDS) reject('timestamp_too_new');
}

// Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" with the decoded whsec_ key.
function verifyStandard(string $body, string $secret): string
{
    $id = $_SERVER['HTTP_WEBHOOK_ID'] ?? '';
    $timestamp = $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '';
    $signatures = $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '';
    if ($id === '' || $timestamp === '' || $signatures === '') reject('missing_header');
    checkTimestamp($timestamp);
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
    foreach (explode(' ', $signatures) as $entry) {
        [$version, $signature] = array_pad(explode(',', $entry, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $signature)) return $id;
    }
    reject('no_matching_signature');
}

// Legacy: sha256=<hex HMAC-SHA256 of the body> with the secret string as the key.
function verifyLegacy(string $body, string $secret): void
{
    $signature = $_SERVER['HTTP_X_WEBHOOK_SIGNATURE'] ?? '';
    if ($signature === '') reject('missing_header');
    // Not signed in this scheme: it catches stale deliveries, not a determined replay.
    $timestamp = $_SERVER['HTTP_X_WEBHOOK_TIMESTAMP'] ?? '';
    if ($timestamp !== '') checkTimestamp($timestamp);
    $expected = 'sha256=' . hash_hmac('sha256', $body, $secret);
    if (!hash_equals($expected, $signature)) reject('no_matching_signature');
}

$secret = getenv('WEBHOOK_SECRET');
$scheme = getenv('SCHEME') ?: 'standard-webhooks';
if ($secret === false || $secret === '') answer(500, ['error' => 'WEBHOOK_SECRET is not set']);
if ($_SERVER['REQUEST_METHOD'] !== 'POST' || parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) !== '/webhooks') {
    answer(404);
}

// The raw bytes, exactly as signed. Never verify json_encode(json_decode($body)): it escapes
// Chinese text as \uXXXX and changes the bytes.
$body = file_get_contents('php://input');
$id = null;
if ($scheme === 'legacy') {
    verifyLegacy($body, $secret);
} else {
    $id = verifyStandard($body, $secret);
}
$event = json_decode($body, true);
if (!is_array($event)) reject('invalid_json');

// PHP keeps nothing between requests, so handled ids are remembered as empty files, one per
// id. In production, a unique column in your database.
$marker = $id === null ? null : sys_get_temp_dir() . '/webhook-' . hash('sha256', $id);
if ($marker !== null && file_exists($marker)) {
    logLine("duplicate $id");
    answer(204);
}
logLine('accepted ' . ($id ?? '-') . " {$event['event']} {$event['data']['task_title']}");
if ($marker !== null) touch($marker);
answer(204);
