import express from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

// Swagger UI served from the npm package, so /docs works without reaching any other site.
export const swaggerAssets = () => express.static(getAbsoluteFSPath(), { index: false });

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
  <script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body>
</html>`;
