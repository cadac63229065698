"""The summary page's style sheet and its one script, and the Content
Security Policy that admits that script (by its hash) and nothing else.

The script sorts and filters the table and, from the rows the filter
leaves shown, redraws the charts (SVG) and the counts of common problems.
It reads only attributes that html.py wrote (escaped) on the rows; no
report data is ever part of the script itself.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--err:#b42318;--warn:#9a6700;--info:#0969da;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
header,main,nav>div{max-width:1400px;margin:0 auto;padding:0 20px}
header{padding-top:16px}
h1{font-size:22px;margin:8px 0}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:0 0 8px}
.sub{color:var(--muted);margin:0 0 8px}
nav{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);padding:6px 0;z-index:2}
nav a{margin-right:14px}
a{color:#0550ae}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:var(--soft);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th button{all:unset;cursor:pointer;display:block}
th button::after{content:" ⇅";color:var(--muted);font-size:11px}
th[aria-sort=ascending] button::after{content:" ▲";color:var(--fg)}
th[aria-sort=descending] button::after{content:" ▼";color:var(--fg)}
#summary-table tbody tr{cursor:pointer}
#summary-table th{padding:3px 4px}
#summary-table td:first-child,#summary-table td:last-child{overflow-wrap:anywhere;min-width:7em}
#summary-table tbody tr:hover{background:#eef6ff}
.controls{display:flex;gap:16px;align-items:center;margin:8px 0;flex-wrap:wrap}
.controls input[type=search]{font:inherit;padding:4px 8px;width:320px;border:1px solid var(--line);border-radius:4px}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;white-space:nowrap}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
td.err{color:var(--err);font-weight:bold}td.warn{color:var(--warn)}
.score{font-weight:bold}.score.good{color:var(--ok)}.score.mid{color:var(--warn)}.score.bad{color:var(--err)}
.muted{color:var(--muted)}
.report{border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:16px 0}
[id]{scroll-margin-top:48px}
.findings td:nth-child(3),.findings td:nth-child(5){white-space:nowrap}
.report:target,.evidence li:target,.findings tr:target{outline:3px solid #f0b429;outline-offset:2px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 10px}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
table.figs{width:auto;margin:6px 0 10px}
.findings td:nth-child(6){min-width:28em}
ol.evidence{padding-left:2em}
ol.evidence li{margin:6px 0;padding:4px 6px}
blockquote{margin:4px 0;padding:4px 10px;border-left:4px solid var(--line);background:var(--soft);white-space:pre-wrap;word-break:break-all}
.noquote{color:var(--muted);margin:4px 0}
.back{font-size:12px}
code{font-family:ui-monospace,Consolas,monospace;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px 20px;margin:8px 0 16px}
.chart{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:0}
.chart h3{font-size:14px;margin:0 0 4px}
.chart svg{display:block;width:100%;height:auto}
.chart text{font-size:12px;fill:var(--fg)}
.chart text.v{fill:var(--muted)}
.chart rect{fill:#4c78a8}.chart rect.error{fill:var(--err)}.chart rect.warning{fill:#bf8700}.chart rect.info{fill:var(--info)}.chart rect.unknown{fill:#b6bec7}
.chart p{margin:2px 0;font-size:12px}
@media print{
 @page{size:A4 landscape;margin:12mm}
 body{font-size:10pt}
 nav,.controls,.back,th button::after{display:none}
 th button{display:inline}
 header,main{max-width:none;padding:0}
 a{color:inherit;text-decoration:none}
 .report{break-before:page;border:none;padding:0}
 .charts{grid-template-columns:repeat(3,1fr)}.chart{break-inside:avoid}
 h2,h4{break-after:avoid}
 h2#reports{break-before:page}
 h2#reports+.report{break-before:avoid}
 tr,li,blockquote{break-inside:avoid}
 thead{display:table-header-group}
 .sev{color:#000;border:1px solid #000;background:none!important}
}
"""

JS = """
(function(){
  "use strict";
  var table=document.getElementById("summary-table");
  if(!table){return;}
  var tbody=table.tBodies[0];
  var heads=table.tHead.rows[0].cells;
  function key(row,i,num){
    var cell=row.cells[i];
    if(num){var v=cell.getAttribute("data-v");return v===null||v===""?null:parseFloat(v);}
    var t=cell.textContent.trim();return t===""?null:t;
  }
  function sortBy(i,dir){
    var num=heads[i].getAttribute("data-type")==="num";
    var rows=Array.prototype.slice.call(tbody.rows);
    rows.sort(function(a,b){
      var x=key(a,i,num),y=key(b,i,num);
      if(x===null&&y===null){return 0;}
      if(x===null){return 1;}
      if(y===null){return -1;}
      var c=num?x-y:x.localeCompare(y,"zh-Hans-CN");
      return dir==="ascending"?c:-c;
    });
    rows.forEach(function(r){tbody.appendChild(r);});
    for(var j=0;j<heads.length;j++){heads[j].removeAttribute("aria-sort");}
    heads[i].setAttribute("aria-sort",dir);
  }
  Array.prototype.forEach.call(heads,function(th,i){
    var b=th.querySelector("button");
    if(!b){return;}
    b.addEventListener("click",function(){
      var cur=th.getAttribute("aria-sort");
      var first=th.getAttribute("data-type")==="num"?"descending":"ascending";
      sortBy(i,cur===first?(first==="ascending"?"descending":"ascending"):first);
    });
  });
  var box=document.getElementById("filter");
  var onlyErrors=document.getElementById("only-errors");
  var shown=document.getElementById("shown");
  function filter(){
    var words=box.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var visible=[];
    Array.prototype.forEach.call(tbody.rows,function(r){
      var text=(r.textContent+" "+(r.getAttribute("data-search")||"")).toLowerCase();
      var ok=words.every(function(w){return text.indexOf(w)>=0;});
      if(ok&&onlyErrors.checked){ok=r.getAttribute("data-errors")!=="0";}
      r.hidden=!ok;if(ok){visible.push(r);}
    });
    shown.textContent=String(visible.length);
    charts(visible);
  }
  // -- charts and the table of common problems, from the rows shown --------
  var SVG="http://www.w3.org/2000/svg";
  function el(parent,name,attrs,text){
    var e=document.createElementNS(SVG,name);
    for(var k in attrs){e.setAttribute(k,attrs[k]);}
    if(text!==undefined){e.textContent=String(text);}
    parent.appendChild(e);return e;
  }
  function count(rows,attr){
    var c={};
    rows.forEach(function(r){var k=r.getAttribute(attr)||"";c[k]=(c[k]||0)+1;});
    return c;
  }
  // items: [[label, value, css class]]; horizontal bars, at most `limit`.
  function bars(id,items,limit,unit){
    var box=document.getElementById(id);
    if(!box){return;}
    var note=box.querySelector("p");
    var svg=box.querySelector("svg");
    while(svg.firstChild){svg.removeChild(svg.firstChild);}
    var rest=items.slice(limit);
    items=items.slice(0,limit);
    var max=Math.max.apply(null,items.map(function(i){return i[1];}).concat([1]));
    var W=320,L=96,H=19;
    svg.setAttribute("viewBox","0 0 "+W+" "+Math.max(items.length*H+4,22));
    svg.setAttribute("data-bars",String(items.length));
    items.forEach(function(it,i){
      var y=i*H+2,w=Math.max((W-L-40)*it[1]/max,it[1]?1:0);
      el(svg,"text",{x:L-4,y:y+12,"text-anchor":"end"},it[0].length>8?it[0].slice(0,7)+"…":it[0]);
      var bar=el(svg,"rect",{x:L,y:y+2,width:w.toFixed(1),height:H-5,"class":it[2]||""});
      el(bar,"title",{},(it[3]||it[0])+"："+it[1]+unit);
      el(svg,"text",{x:L+w+4,y:y+12,"class":"v","data-label":it[0]},it[1]);
    });
    var extra=rest.reduce(function(s,i){return s+i[1];},0);
    note.textContent=items.length?(rest.length?"另有 "+rest.length+" 项，共 "+extra+unit:""):"（没有数据）";
  }
  var LEVELS=["省","市","县","乡镇","部门"];
  var freq=document.getElementById("frequent-table");
  function charts(rows){
    var bins=[],b;
    for(b=9;b>=0;b--){bins.push([b===9?"90–100":(b*10)+"–"+(b*10+9),0]);}
    var rules={},reports={},tables={"表二":0,"表三":0,"表四":0};
    rows.forEach(function(r){
      var s=parseFloat(r.getAttribute("data-score"));
      if(!isNaN(s)){bins[9-Math.min(9,Math.floor(s/10))][1]++;}
      (r.getAttribute("data-rules")||"").split(" ").filter(Boolean).forEach(function(p){
        var kv=p.split(":");rules[kv[0]]=(rules[kv[0]]||0)+parseInt(kv[1],10);reports[kv[0]]=(reports[kv[0]]||0)+1;
      });
      (r.getAttribute("data-tables")||"").split(" ").forEach(function(v,i){tables[["表二","表三","表四"][i]]+=parseInt(v,10)||0;});
    });
    bars("chart-score",bins,10," 份");
    var sev={},names={};
    if(freq){Array.prototype.forEach.call(freq.tBodies[0].rows,function(tr){
      var id=tr.getAttribute("data-rule");sev[id]=tr.getAttribute("data-severity");names[id]=id+" "+tr.cells[1].textContent;
    });}
    var ids=Object.keys(rules).sort(function(x,y){return rules[y]-rules[x]||(x<y?-1:1);});
    bars("chart-rules",ids.map(function(k){return [k,rules[k],sev[k]||"",names[k]];}),12," 个问题");
    bars("chart-tables",Object.keys(tables).map(function(k){return [k,tables[k],"error"];}),3," 个错误");
    function known(c,order){
      var keys=Object.keys(c).filter(function(k){return k!=="";});
      keys.sort(order||function(x,y){return c[y]-c[x]||(x<y?-1:1);});
      var items=keys.map(function(k){return [k,c[k]];});
      if(c[""]){items.push(["未知",c[""],"unknown"]);}
      return items;
    }
    bars("chart-region",known(count(rows,"data-region")),12," 份");
    bars("chart-level",known(count(rows,"data-level"),function(x,y){return LEVELS.indexOf(x)-LEVELS.indexOf(y);}),6," 份");
    bars("chart-year",known(count(rows,"data-year"),function(x,y){return x-y;}),20," 份");
    if(freq){
      var body=freq.tBodies[0],list=Array.prototype.slice.call(body.rows);
      list.forEach(function(tr){
        var id=tr.getAttribute("data-rule");
        tr.cells[4].textContent=String(rules[id]||0);tr.cells[5].textContent=String(reports[id]||0);
        tr.hidden=!rules[id];
      });
      list.sort(function(x,y){var a=x.getAttribute("data-rule"),b=y.getAttribute("data-rule");return (rules[b]||0)-(rules[a]||0)||(a<b?-1:1);});
      list.forEach(function(tr){body.appendChild(tr);});
      document.getElementById("frequent-none").hidden=ids.length>0;
    }
  }
  // On a long table (about 0.1 s per 10,000 rows) filter once typing pauses, not at every key.
  var pending=null;
  box.addEventListener("input",function(){
    if(tbody.rows.length<2000){filter();return;}
    clearTimeout(pending);pending=setTimeout(filter,250);
  });
  onlyErrors.addEventListener("change",filter);
  tbody.addEventListener("click",function(ev){
    if(ev.target.closest("a")){return;}
    var row=ev.target.closest("tr");
    if(row&&row.getAttribute("data-href")){location.href=row.getAttribute("data-href");}
    else if(row&&row.getAttribute("data-target")){location.hash=row.getAttribute("data-target");}
  });
  filter();
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)
