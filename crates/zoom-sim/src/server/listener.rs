//! The simulator's listener: plain TCP with `TCP_NODELAY`, where each
//! connection can be killed from a request handler, so the `drop` fault closes
//! the connection before a single byte of the response is written.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::lock;

/// Live connections by peer address, each with its kill switch.
#[derive(Debug, Default)]
pub(crate) struct Connections {
    live: Mutex<HashMap<SocketAddr, Arc<AtomicBool>>>,
}

impl Connections {
    /// Kills the connection from `peer`: its next write fails and it closes.
    /// False when the connection is unknown.
    pub(crate) fn kill(&self, peer: SocketAddr) -> bool {
        match lock(&self.live).get(&peer) {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// The peer address of a request (axum's `ConnectInfo` for [`SimListener`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub(crate) SocketAddr);

impl Connected<IncomingStream<'_, SimListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, SimListener>) -> Self {
        Peer(*stream.remote_addr())
    }
}

/// A TCP listener whose connections can be killed.
#[derive(Debug)]
pub(crate) struct SimListener {
    inner: TcpListener,
    conns: Arc<Connections>,
}

impl SimListener {
    /// Wraps a bound listener.
    pub(crate) fn new(inner: TcpListener, conns: Arc<Connections>) -> Self {
        SimListener { inner, conns }
    }
}

impl Listener for SimListener {
    type Io = SimIo;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (SimIo, SocketAddr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    let killed = Arc::new(AtomicBool::new(false));
                    lock(&self.conns.live).insert(addr, killed.clone());
                    let io = SimIo {
                        inner: stream,
                        killed,
                        addr,
                        conns: self.conns.clone(),
                    };
                    return (io, addr);
                }
                // Out of file descriptors and the like: wait and retry, as axum does.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// One accepted connection.
#[derive(Debug)]
pub(crate) struct SimIo {
    inner: TcpStream,
    killed: Arc<AtomicBool>,
    addr: SocketAddr,
    conns: Arc<Connections>,
}

impl SimIo {
    fn dead(&self) -> bool {
        self.killed.load(Ordering::SeqCst)
    }
}

fn aborted() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "simulated dropped connection",
    )
}

impl Drop for SimIo {
    fn drop(&mut self) {
        lock(&self.conns.live).remove(&self.addr);
    }
}

impl AsyncRead for SimIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SimIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
