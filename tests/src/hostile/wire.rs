//! The wire side: accepting connections, reading a request, writing a
//! [`Reply`](super::Reply) (including the gzip bomb).

use std::sync::OnceLock;
use std::sync::atomic::Ordering;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::*;

pub(super) async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(serve_connection(stream, state.clone()));
    }
}

async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let key = route_key(&request.method, &request.path);
    *lock(&state.counts).entry(key.clone()).or_default() += 1;
    lock(&state.seen).push(request.clone());
    let handler = lock(&state.routes).get(&key).cloned();
    let reply = match handler {
        Some(handler) => handler(&request),
        None => Reply::json(
            404,
            json!({"code": 1001, "message": format!("the hostile server has no script for {key}")}),
        ),
    };
    // Errors only mean the client went away: nothing to do about them.
    let _ = answer(&mut stream, &request, reply, &state).await;
}

/// Reads one request: the head (up to [`MAX_HEAD`]) and a `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    body.truncate(length);
    Some(Request {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body,
    })
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Scripted",
    }
}

fn head(status: u16, headers: &[(String, String)], length: usize) -> Vec<u8> {
    let mut text = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {length}\r\nConnection: close\r\n",
        reason_phrase(status)
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

async fn answer(
    stream: &mut TcpStream,
    request: &Request,
    reply: Reply,
    state: &State,
) -> std::io::Result<()> {
    let json_type = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    match reply {
        Reply::Json {
            status,
            headers,
            body,
        } => {
            stream
                .write_all(&head(status, &headers, body.len()))
                .await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::GzipBomb { inflated } => {
            let bomb = GzipBomb::template();
            let chunks = inflated.div_ceil(BOMB_CHUNK as u64).max(1);
            let trailer = bomb.trailer(chunks);
            let repeats = usize::try_from(chunks - 1).unwrap_or(usize::MAX);
            let length = bomb.first.len() + bomb.repeat.len() * repeats + trailer.len();
            let mut headers = json_type;
            headers.push(("Content-Encoding".to_owned(), "gzip".to_owned()));
            stream.write_all(&head(200, &headers, length)).await?;
            stream.write_all(&bomb.first).await?;
            // Bigger writes, fewer syscalls: 64 copies of the repeated block at once.
            let batch = bomb.repeat.repeat(64);
            let mut left = repeats;
            while left >= 64 {
                stream.write_all(&batch).await?;
                left -= 64;
            }
            for _ in 0..left {
                stream.write_all(&bomb.repeat).await?;
            }
            stream.write_all(&trailer).await?;
        }
        Reply::Trickle {
            status,
            body,
            every,
        } => {
            stream
                .write_all(&head(status, &json_type, body.len()))
                .await?;
            stream.flush().await?;
            for byte in body {
                tokio::time::sleep(every).await;
                stream.write_all(&[byte]).await?;
                stream.flush().await?;
            }
        }
        Reply::Silent => {
            // Hold the connection until the client hangs up.
            let mut sink = [0u8; 1024];
            while stream.read(&mut sink).await.unwrap_or(0) > 0 {}
        }
        Reply::EndlessPages {
            list_key,
            per_page,
            total_records,
            delay,
        } => {
            tokio::time::sleep(delay).await;
            let items: Vec<Value> = (0..per_page)
                .map(|_| user(state.fresh.fetch_add(1, Ordering::Relaxed) + 1000))
                .collect();
            let token = format!(
                "hostile-page-{}",
                state.fresh.fetch_add(1, Ordering::Relaxed)
            );
            let mut page = json!({
                "page_size": per_page,
                "next_page_token": token,
                list_key: items,
            });
            if let (Some(total), Some(map)) = (total_records, page.as_object_mut()) {
                map.insert("total_records".to_owned(), json!(total));
            }
            let body = page.to_string();
            stream.write_all(&head(200, &json_type, body.len())).await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::EchoAuthorization { status, extra } => {
            let authorization = request.header("authorization").unwrap_or_default();
            let echo = format!("you sent Authorization: {authorization} {extra}");
            let body = json!({
                "error": "invalid_request",
                "reason": echo,
                "message": echo,
            })
            .to_string();
            stream
                .write_all(&head(status, &json_type, body.len()))
                .await?;
            stream.write_all(body.as_bytes()).await?;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

/// Inflated bytes per repeated deflate block of the bomb.
const BOMB_CHUNK: usize = 1 << 20;

/// A gzip stream of zeros assembled from one compressed MiB: the gzip
/// header and the first block, then a block repeated once per further MiB
/// (after a full flush deflate output is byte-aligned and its window is
/// reset, so equal input gives equal bytes), then the final block, the
/// CRC-32 and the size.
struct GzipBomb {
    first: Vec<u8>,
    repeat: Vec<u8>,
    last: Vec<u8>,
    chunk_crc: Crc,
}

impl GzipBomb {
    fn template() -> &'static GzipBomb {
        static BOMB: OnceLock<GzipBomb> = OnceLock::new();
        BOMB.get_or_init(GzipBomb::build)
    }

    fn build() -> GzipBomb {
        let zeros = vec![0u8; BOMB_CHUNK];
        let mut deflate = Compress::new(Compression::best(), false);
        let one = deflate_step(&mut deflate, &zeros, FlushCompress::Full);
        let two = deflate_step(&mut deflate, &zeros, FlushCompress::Full);
        let three = deflate_step(&mut deflate, &zeros, FlushCompress::Full);
        assert_eq!(
            two, three,
            "deflate gave different bytes for the same MiB after a full flush"
        );
        let last = deflate_step(&mut deflate, &[], FlushCompress::Finish);
        // ID1 ID2, deflate, no flags, no mtime, no extra flags, unknown OS.
        let mut first = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        first.extend_from_slice(&one);
        let mut chunk_crc = Crc::new();
        chunk_crc.update(&zeros);
        GzipBomb {
            first,
            repeat: two,
            last,
            chunk_crc,
        }
    }

    /// The final block, CRC-32 and ISIZE for `chunks` MiB of zeros.
    fn trailer(&self, chunks: u64) -> Vec<u8> {
        let mut crc = Crc::new();
        for _ in 0..chunks {
            crc.combine(&self.chunk_crc);
        }
        let mut trailer = self.last.clone();
        trailer.extend_from_slice(&crc.sum().to_le_bytes());
        trailer.extend_from_slice(&crc.amount().to_le_bytes());
        trailer
    }
}

/// Compresses all of `input` and completes `flush`.
fn deflate_step(deflate: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let start = deflate.total_in();
    let mut out: Vec<u8> = Vec::with_capacity(64 * 1024);
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(64 * 1024);
        }
        let consumed = usize::try_from(deflate.total_in() - start).unwrap_or(input.len());
        let status = deflate
            .compress_vec(&input[consumed..], &mut out, flush)
            .unwrap_or_else(|e| panic!("deflate: {e}"));
        let consumed = usize::try_from(deflate.total_in() - start).unwrap_or(input.len());
        let room_left = out.len() < out.capacity();
        match status {
            Status::StreamEnd => return out,
            _ if consumed == input.len() && room_left && flush != FlushCompress::Finish => {
                return out;
            }
            _ => {}
        }
    }
}
