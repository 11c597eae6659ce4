import express from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

// Swagger UI served from the npm package, so /docs works without reaching any other site. Its
// start-up script is a file of its own: the Content-Security-Policy allows no inline script.
export const swaggerAssets = () => express.static(getAbsoluteFSPath(), { index: false });

export const docsScript = `SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });\n`;

export const docsPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Erkend API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;
