//! The phone's signal: a relay between the browsers and the app that the
//! test switches off, like walking into an apparatus bay.
//!
//! DevTools' network emulation alone is not enough: it stops the page's own
//! requests but not the service worker's (Chromium 156), and the service
//! worker is what must cope with no signal. The relay cuts both. Besides
//! on and off it can lose the answers: requests reach the app, which does
//! the work, but the phone never hears back (the signal drops mid-request),
//! so the phone sends again what the app already stored.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::rt::task::JoinHandle;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Signal {
    /// Everything passes.
    Good = 0,
    /// Nothing connects.
    None = 1,
    /// Requests arrive; answers are cut off at their first byte.
    LosesAnswers = 2,
}

pub struct Relay {
    port: u16,
    signal: Arc<AtomicU8>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Relay {
    /// Starts relaying to the app listening on `app_port`.
    pub async fn start(app_port: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("relay binds");
        let port = listener.local_addr().unwrap().port();
        let signal = Arc::new(AtomicU8::new(Signal::Good as u8));
        let connections: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept = {
            let signal = signal.clone();
            let connections = connections.clone();
            actix_web::rt::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    let mode = signal.load(Ordering::SeqCst);
                    if mode == Signal::None as u8 {
                        drop(client);
                        continue;
                    }
                    let task = actix_web::rt::spawn(relay(client, app_port, mode));
                    let mut live = connections.lock().unwrap();
                    live.retain(|t| !t.is_finished());
                    live.push(task);
                }
            })
        };
        Relay {
            port,
            signal,
            connections,
            accept,
        }
    }

    /// The app's address as the browsers see it.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Changes the signal; connections already open are cut, as a phone's
    /// would be.
    pub fn set(&self, signal: Signal) {
        self.signal.store(signal as u8, Ordering::SeqCst);
        for task in self.connections.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accept.abort();
        self.set(Signal::None);
    }
}

async fn relay(mut client: TcpStream, app_port: u16, mode: u8) {
    let Ok(mut app) = TcpStream::connect(("127.0.0.1", app_port)).await else {
        return;
    };
    if mode == Signal::LosesAnswers as u8 {
        let (mut from_phone, _) = client.split();
        let (mut from_app, mut to_app) = app.split();
        let upload = tokio::io::copy(&mut from_phone, &mut to_app);
        let mut first = [0u8; 1];
        // Once the app starts answering it has done the work; the phone
        // gets nothing (both sockets close when this returns).
        tokio::select! {
            _ = async {
                let _ = upload.await;
                std::future::pending::<()>().await
            } => {}
            _ = from_app.read(&mut first) => {}
        }
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut app).await;
}
