/**
 * A throwaway nginx configuration laid out like Elastic Beanstalk's on Amazon Linux 2023, with
 * the repository's `.platform/nginx/conf.d` files in place, so `nginx -t` and a real proxy can
 * run against them without touching the system's nginx: every path (pid, logs, temp files) is
 * inside a temporary prefix, and it listens on a loopback port of the test's choosing.
 *
 * The layout, after Beanstalk's /etc/nginx/nginx.conf (docs/protocol.md §4.2):
 *   nginx.conf                       http { include conf.d/*.conf; server { include conf.d/elasticbeanstalk/*.conf; } }
 *   conf.d/*.conf                    ← .platform/nginx/conf.d/*.conf (http context)
 *   conf.d/elasticbeanstalk/*.conf   ← 00_application.conf (proxy to the app), then .platform/nginx/conf.d/elasticbeanstalk/*
 */
import { chmod, cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface EbNginx {
  prefix: string;
  confFile: string;
  /** Arguments for nginx that keep every path inside the prefix. */
  args: string[];
  remove(): Promise<void>;
}

export interface EbNginxOptions {
  /** The `.platform/nginx/conf.d` directory to install. */
  confD: string;
  /** The loopback port nginx listens on (Beanstalk: 80). */
  listenPort: number;
  /** The app's port, as in Beanstalk's generated 00_application.conf (the PORT property). */
  appPort: number;
}

export async function layOutEbNginx(options: EbNginxOptions): Promise<EbNginx> {
  const prefix = await mkdtemp(path.join(tmpdir(), "eb-nginx-"));
  // nginx's worker processes run as an unprivileged user when the tests run as root.
  await chmod(prefix, 0o755);
  await mkdir(path.join(prefix, "logs"));
  await mkdir(path.join(prefix, "temp"));
  await mkdir(path.join(prefix, "conf.d/elasticbeanstalk"), { recursive: true });
  await writeFile(path.join(prefix, "nginx.conf"), nginxConf(prefix, options.listenPort));
  await writeFile(
    path.join(prefix, "conf.d/elasticbeanstalk/00_application.conf"),
    applicationConf(options.appPort),
  );
  for (const entry of await readdir(options.confD, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".conf")) {
      await cp(path.join(options.confD, entry.name), path.join(prefix, "conf.d", entry.name));
    }
  }
  const ours = path.join(options.confD, "elasticbeanstalk");
  await cp(ours, path.join(prefix, "conf.d/elasticbeanstalk"), { recursive: true }).catch(
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    },
  );
  const confFile = path.join(prefix, "nginx.conf");
  return {
    prefix,
    confFile,
    args: ["-p", prefix, "-c", confFile, "-e", path.join(prefix, "logs/error.log")],
    remove: () => rm(prefix, { recursive: true, force: true }),
  };
}

function nginxConf(prefix: string, listenPort: number): string {
  const at = (file: string) => path.join(prefix, file);
  return `# Laid out like Elastic Beanstalk's nginx.conf on Amazon Linux 2023; paths moved into ${prefix}.
daemon off;
pid ${at("nginx.pid")};
error_log ${at("logs/error.log")} warn;
worker_processes 1;

events {
    worker_connections 1024;
}

http {
    server_tokens off;
    default_type application/octet-stream;
    access_log ${at("logs/access.log")};
    client_body_temp_path ${at("temp/client_body")};
    proxy_temp_path ${at("temp/proxy")};
    fastcgi_temp_path ${at("temp/fastcgi")};
    uwsgi_temp_path ${at("temp/uwsgi")};
    scgi_temp_path ${at("temp/scgi")};

    include conf.d/*.conf;

    map $http_upgrade $connection_upgrade {
        default "upgrade";
    }

    server {
        listen 127.0.0.1:${listenPort} default_server;
        server_name _ localhost;

        client_header_timeout 60;
        client_body_timeout 60;
        keepalive_timeout 60;

        include conf.d/elasticbeanstalk/*.conf;
    }
}
`;
}

/** Beanstalk's generated proxy location for the Node.js platform. */
function applicationConf(appPort: number): string {
  return `location / {
    proxy_pass http://127.0.0.1:${appPort};
    proxy_http_version 1.1;
    proxy_set_header Connection $connection_upgrade;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
}
`;
}
