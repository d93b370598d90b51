{{%AUTOESCAPE context="HTML"}}
{{!-- The frame of the embeddable widgets (/embed/...): no site header or footer, since they
      live inside another site's page; links open this site in a new tab. --}}
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{page_title}}</title>
{{#CANONICAL}}
<link rel="canonical" href="{{url}}">
{{/CANONICAL}}
<link rel="stylesheet" href="/assets/css/site.css">
<link rel="icon" href="data:,">
{{#SCRIPT}}
<script src="{{src}}" defer></script>
{{/SCRIPT}}
</head>
<body class="embed">
<main class="embed__main">
{{>BODY}}
</main>
</body>
</html>
